/*
 * load_layout — form layouts as data: how a printed form (a 自评表 workbook,
 * a Word report, a text export) maps onto the report format.  One YAML file
 * a layout, in the forms/ folder of a rule directory (the bundled ones are
 * always read, like the scoring frameworks):
 *
 *   name: 项目支出绩效自评表
 *   title: 项目支出绩效自评表（财预〔2020〕10号 附件2）
 *   source: 《……》（财预〔2020〕10号）附件2
 *   kind: project
 *   framework: 项目支出绩效自评表      # written into the report (optional)
 *   currency: 万元                     # when the form does not say
 *   requires: [项目名称, 年度资金总额, 三级指标]   # labels the form must show
 *   fields:                            # the value beside a printed label
 *     project: 项目名称
 *     unit: [实施单位, 单位名称]
 *   patterns:                          # over every line and cell text
 *     - "（{year}年度）"
 *     - "全年预算数 {budget.planned} 万元"
 *   tables:                            # found by their header row
 *     - into: funds
 *       columns: {initial: 年初预算数, planned: 全年预算数, executed: 全年执行数}
 *       rows: {total: 年度资金总额, fiscal: [当年财政拨款, 本年财政拨款]}
 *     - into: targets
 *       columns: {level1: 一级指标, level2: 二级指标, name: 三级指标, ...}
 *       total: 总分
 *   indicators:                        # indicators made from captured values
 *     - {name: 预算执行率, max: budget.funds.total.max, score: budget.funds.total.score}
 *
 * A label is text or a list of texts (its printed variants); labels are
 * compared the way a reader sees them (load_grid.h: grid_label_equal).  In
 * a column label, {year} stands for the report's year and {year-1} for the
 * year before ("{year}年预算数" is 2018年预算数 in a 2018 report).
 * Everything a file states wrongly is a load error at file:line.
 *
 * Knows nothing about grids, reports being checked or rules.
 */
#ifndef PEVCHECK_LOAD_LAYOUT_H
#define PEVCHECK_LOAD_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

/* A printed label and its variants. */
typedef struct layout_labels {
	char **items;
	char **norm; /* each as grid_label_normalize has it, made once at load */
	size_t count;
} layout_labels;

typedef struct layout_field {
	char *path; /* data path it fills: "unit", "scores.total" */
	layout_labels labels;
	int line;
} layout_field;

typedef struct layout_pattern {
	char *text; /* literal text with {data.path} captures */
	int line;
} layout_pattern;

/* What a table's rows become. */
enum layout_into {
	INTO_FUNDS,   /* budget.funds: rows total/fiscal/carried/other */
	INTO_TARGETS, /* targets (三级指标) and the indicator tree above them */
	INTO_SCORES,  /* a score table: 一级 / 二级 / 得分 / 合计 */
	INTO_ROWS     /* rows by label into data paths, columns into keys */
};

typedef struct layout_column {
	char *key;
	layout_labels labels;
} layout_column;

typedef struct layout_row {
	char *into;           /* funds: the row key; rows: a data path */
	layout_labels labels; /* printed in the row's label cell */
	/* rows: the keys a column is written under in this row ({budget:
	 * planned} writes the budget column as planned) */
	char **rename_from, **rename_to;
	size_t rename_count;
} layout_row;

typedef struct layout_table {
	enum layout_into into;
	layout_column *columns;
	size_t column_count;
	layout_row *rows;
	size_t row_count;
	layout_labels total; /* targets, scores: the row of the total */
	int line;
} layout_table;

typedef struct layout_indicator {
	char *name;
	char *max, *score; /* data paths of captured values, or NULL */
} layout_indicator;

typedef struct form_layout {
	char *name, *title, *source, *kind, *framework, *currency;
	char *file;
	/* workbook: true: a workbook's sheets together are one form (a
	 * 基础数据表 and its 指标表 on two sheets), not one form a sheet */
	bool whole_workbook;
	layout_labels requires;
	layout_field *fields;
	size_t field_count;
	layout_pattern *patterns;
	size_t pattern_count;
	layout_table *tables;
	size_t table_count;
	layout_indicator *indicators;
	size_t indicator_count;
} form_layout;

typedef struct layout_set {
	form_layout *items;
	size_t count;
} layout_set;

/* Read every .yaml file of the forms/ folders of dirs, in name order (a
 * later directory's layout of the same name replaces an earlier one).
 * Returns 0, or -1 with "file:line: what is wrong" in error. */
int layout_set_load(layout_set *s, const char *const *dirs, size_t dir_count, char *error,
                    size_t error_size);
void layout_set_free(layout_set *s);

/* Is path a data path a captured value is text for (unit, project, ...),
 * rather than a number? */
bool layout_path_is_text(const char *path);

#endif
