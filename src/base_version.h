/*
 * base_version — pevcheck's version: the VERSION file, passed by the
 * Makefile as -DPEVCHECK_VERSION; this fallback only for other builds.
 */
#ifndef PEVCHECK_BASE_VERSION_H
#define PEVCHECK_BASE_VERSION_H

#ifndef PEVCHECK_VERSION
#define PEVCHECK_VERSION "0.1.0"
#endif

#endif
