/*
 * run_result — what checking one report document produced: its findings and its
 * scores.  Every stage adds to it; every output format only reads it.
 *
 * Strings are owned by the result and freed with it.
 */
#ifndef PEVCHECK_RUN_RESULT_H
#define PEVCHECK_RUN_RESULT_H

#include <stdbool.h>
#include <stddef.h>

#include "base_decimal.h"

enum severity { SEV_INFO = 0, SEV_WARNING = 1, SEV_ERROR = 2, SEV_NONE = 3 };

/* The engine ids of findings that mean a document could not be checked:
 * its file could not be read, or a rule failed on it. */
#define RULE_IO "pev.io"
#define RULE_CRASH "pev.rule"
/* ...and for what reading a form (.xlsx, .docx, text) met. */
#define RULE_FORM "pev.form"

const char *severity_name(enum severity s);          /* "error" ... */
const char *severity_label(enum severity s);      /* "错误" ... */
/* "error" | "warning" | "info" | "never" (SEV_NONE); -1 when unknown. */
int severity_parse(const char *s);

typedef struct finding {
	char *rule; /* rule id, or an engine id such as "pev.format" */
	enum severity severity;
	char *message;
	char *path;      /* data path or NULL */
	int line, column; /* 0 when absent */
	char *indicator; /* indicator path or NULL */
	bool has_points;
	decimal points;
	char *source;    /* the rule's file:line for rule failures, or NULL */
	/* For a report read from a form (load_form.h), where the value was
	 * printed: a workbook's cell ("自评表!G15"), a Word table's table, row
	 * and col, or a Word paragraph (from 1; 0 when not); a text export's
	 * are line and column above.  where: the place as the preparer reads
	 * it, NULL when none. */
	char *cell;
	unsigned table, row, col, paragraph;
	char *where;
	/* Waived by the project configuration: still shown, never counted
	 * against --fail-on. */
	bool waived;
	char *waiver_reason, *waiver_approved_by, *waiver_expires;
} finding;

typedef struct deduction {
	char *rule;   /* NULL for a deduction the report claims */
	bool has_points;
	decimal points;
	char *reason;
	char *fix;    /* claimed deductions: 改进措施, may be NULL */
} deduction;

/* blank: the form prints the cell empty (未填写): neither a score nor 0. */
enum indicator_status { IND_OK, IND_MISMATCH, IND_UNVERIFIED, IND_BLANK };
const char *indicator_status_name(enum indicator_status s);

typedef struct indicator_score {
	char *path;  /* names joined by "/" */
	char *name;
	int depth;   /* 0 for a top-level indicator */
	bool has_max, has_claimed, has_computed;
	bool blank;    /* its score cell is printed empty */
	decimal max, claimed, computed;
	enum indicator_status status;
	char *formula; /* note given with a formula score, or NULL */
	deduction *deductions; /* by rules */
	size_t deduction_count;
	deduction *claimed_deductions; /* as the report states them */
	size_t claimed_deduction_count;
	deduction *unverified; /* rules that could not check it: rule, reason */
	size_t unverified_count;
	char *data_path; /* "scores.indicators[1].children[5].score" */
	int line;        /* of its score in the data file, 0 if unknown */
} indicator_score;

/* The amounts of the budget section printers show, in the order JSON
 * writes them; budget_field_keys[f] is f's key in the section. */
enum budget_field {
	BUDGET_INITIAL,         /* 年初预算数 */
	BUDGET_PLANNED,         /* 全年预算数 */
	BUDGET_EXECUTED,        /* 全年执行数 */
	BUDGET_RATE,            /* the execution rate as printed */
	BUDGET_CARRYOVER,       /* 年末结转和结余 */
	BUDGET_RETURNED,        /* 财政收回 */
	BUDGET_OPENING_BALANCE, /* 年初结转结余 */
	BUDGET_RECEIVED,        /* 实际到位资金 */
	BUDGET_FIELDS
};
extern const char *const budget_field_keys[BUDGET_FIELDS];

/* What the execution rate divides by: the scoring framework decides (its
 * rate_includes_opening_balance, rate_uses_received_funds), as for the
 * rules (rules/lib/std/budget.lua rate_base). */
enum rate_base { RATE_BASE_PLANNED, RATE_BASE_OPENING_BALANCE, RATE_BASE_RECEIVED };

/* The budget as the report states it, with the execution rate computed
 * from the exact amounts (for printers: they compute nothing). */
typedef struct budget_summary {
	bool present;
	char currency[16];
	bool has[BUDGET_FIELDS];   /* given as a number */
	bool blank[BUDGET_FIELDS]; /* written with an empty value: a blank cell */
	decimal value[BUDGET_FIELDS];
	bool has_rate_computed;
	decimal rate_computed;    /* executed ÷ the base × 100, 2 places */
	enum rate_base rate_base;
	bool rate_base_missing;   /* the base needs the opening balance, which is not given */
	int line;
} budget_summary;

/* One 绩效指标 as stated, and whether it was met. */
typedef struct target_summary {
	char *name, *indicator, *unit;
	char *target; /* as printed */
	char *actual; /* as printed, NULL when not given */
	bool actual_blank; /* its cell is printed empty (a pev.blank finding) */
	char *status; /* claimed: met | not_met | unassessable, or NULL */
	char *reason;
	int met;      /* computed: 1 met, 0 not met, -1 cannot tell */
	bool has_points, has_score;
	decimal points, score;
	int line;
	long position; /* its number in the report's targets list, from 1 */
	/* indicators[] slot of the indicator it belongs to (model_report's
	 * index, one look-up per target for every rule that groups them);
	 * -1 when `indicator` is not in the table, or not uniquely */
	long indicator_slot;
} target_summary;

/* A file the check of a document read besides its own: last year's report,
 * which previous() looked for among the inputs by unit and year or found
 * at the report's previous: path (rules_history.c).  The results cache
 * (run_cache.h) reuses a result only while each read gives what it gave,
 * so whatever a check reads must be recorded here. */
typedef struct input_read {
	char *path; /* the file; NULL: looked for among the inputs, none there */
	char *unit; /* looked for among the inputs by unit and year; NULL: named by previous: */
	long year;
	bool unreadable; /* found or named, but it could not be read */
	unsigned char digest[32]; /* SHA-256 of the bytes read */
} input_read;

typedef struct doc_result {
	char *file;
	int document; /* 1-based when the file holds several documents, else 0 */
	char *kind, *unit, *project;
	char *department; /* 主管部门, when the report names it beside unit (实施单位) */
	char *framework; /* the scoring framework applied, or NULL */
	const char *framework_chosen_by; /* "report", "option", "detected", "default" */
	char *framework_why; /* how it was chosen, for the reader */
	bool has_year;
	long year;
	/* read from a form (.xlsx, .docx, text), not written as a data file:
	 * what the form does not show is not the preparer's mistake */
	bool from_form;

	finding *findings;
	size_t finding_count, finding_capacity;

	size_t blank_count; /* cells of the form printed empty (pev.blank findings) */

	bool has_scores;
	bool total_blank; /* scores.total printed empty */
	int scores_line;  /* of the scores: section */
	bool has_total_claimed, has_total_computed;
	decimal total_max, total_claimed, total_computed;
	char *grade_claimed, *grade_computed;
	indicator_score *indicators; /* pre-order, parents before children */
	size_t indicator_count;

	budget_summary budget;
	target_summary *targets;
	size_t target_count;

	/* What the check read besides the file (not shown: the cache's) */
	input_read *reads;
	size_t read_count;
} doc_result;

doc_result *result_new(const char *file, int document);
void result_free(doc_result *r);

/* Add a finding; strings are copied.  path, indicator, source may be NULL;
 * points may be NULL.  Returns the finding. */
finding *result_add(doc_result *r, const char *rule, enum severity severity,
                    const char *message, const char *path, int line, int column);
/* printf-style convenience for engine findings. */
finding *result_addf(doc_result *r, const char *rule, enum severity severity,
                     const char *path, int line, int column, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
void finding_set_indicator(finding *f, const char *indicator, const decimal *points);
/* Record a read (strings copied, digest zero); returns it to fill in. */
input_read *result_add_read(doc_result *r, const char *path, const char *unit, long year);

/* Order findings the way every format shows them: by line, then column,
 * then rule id, then message: stable whatever order the rules ran in. */
void result_sort(doc_result *r);

/* Findings of a severity, not counting waived ones. */
size_t result_count(const doc_result *r, enum severity s);
size_t result_count_waived(const doc_result *r);
/* The highest severity among the findings that are not waived, or -1. */
int result_max_severity(const doc_result *r);

#endif
