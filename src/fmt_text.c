/*
 * fmt_text — the report for people, in Chinese: findings, then the score
 * table (claimed beside computed), then what could not be verified.
 * Columns are aligned by display width, so CJK text lines up.
 */
#include <string.h>

#include "format.h"
#include "textwidth.h"

#define RED "\033[31m"
#define YELLOW "\033[33m"
#define CYAN "\033[36m"
#define GREEN "\033[32m"
#define BOLD "\033[1m"
#define DIM "\033[2m"
#define RESET "\033[0m"

static const char *paint(const printer *p, const char *code)
{
	return p->options.color ? code : "";
}

static const char *severity_colour(enum severity s)
{
	return s == SEV_ERROR ? RED : s == SEV_WARNING ? YELLOW : CYAN;
}

static const char *kind_label(const char *kind)
{
	if (!kind)
		return "";
	if (!strcmp(kind, "department"))
		return "部门整体支出";
	if (!strcmp(kind, "project"))
		return "项目支出";
	return kind;
}

static const char *status_label(enum indicator_status s)
{
	switch (s) {
	case IND_OK: return "一致";
	case IND_MISMATCH: return "不一致";
	default: return "未核验";
	}
}

static void text_begin(printer *p)
{
	(void)p;
}

static void print_findings(printer *p, const doc_result *r)
{
	FILE *out = p->options.out;
	if (r->finding_count == 0) {
		fprintf(out, "  %s未发现问题%s\n", paint(p, GREEN), paint(p, RESET));
		return;
	}
	fprintf(out, "  发现 %zu 项（错误 %zu，警告 %zu，提示 %zu，已豁免 %zu）：\n", r->finding_count,
	        result_count(r, SEV_ERROR), result_count(r, SEV_WARNING), result_count(r, SEV_INFO),
	        result_count_waived(r));
	for (size_t i = 0; i < r->finding_count; i++) {
		const finding *f = &r->findings[i];
		char where[32] = "";
		if (f->line > 0)
			snprintf(where, sizeof where, "%d:%d", f->line, f->column > 0 ? f->column : 1);
		fputs("  ", out);
		text_pad(out, where, 8);
		fputs(paint(p, severity_colour(f->severity)), out);
		text_pad(out, severity_label_zh(f->severity), 5);
		fputs(paint(p, RESET), out);
		if (f->waived)
			fputs("[已豁免] ", out);
		if (f->has_points) {
			char pts[DEC_BUFSIZE];
			dec_format_trim(f->points, pts);
			fprintf(out, "[扣 %s 分] ", pts);
		}
		/* 2 + 8 + 5 columns precede the message */
		size_t start = 15 + (f->waived ? 9 : 0);
		if (f->has_points) {
			char pts[DEC_BUFSIZE];
			dec_format_trim(f->points, pts);
			start += 10 + strlen(pts);
		}
		text_wrap(out, f->message, start, 15, p->options.width);
		fprintf(out, "  %s[%s", paint(p, DIM), f->rule);
		if (f->path)
			fprintf(out, " %s", f->path);
		if (f->source)
			fprintf(out, " %s", f->source);
		fprintf(out, "]%s\n", paint(p, RESET));
		if (f->waived)
			fprintf(out, "          豁免：%s（批准人 %s，%s 到期）\n", f->waiver_reason,
			        f->waiver_approved_by, f->waiver_expires);
	}
}

static void fmt_value(char *buf, bool has, decimal d)
{
	if (has)
		dec_format_trim(d, buf);
	else
		strcpy(buf, "—");
}

static void print_scores(printer *p, const doc_result *r)
{
	FILE *out = p->options.out;
	size_t name_width = text_width("合计");
	for (size_t i = 0; i < r->indicator_count; i++) {
		size_t w = (size_t)r->indicators[i].depth * 2 + text_width(r->indicators[i].name);
		if (w > name_width)
			name_width = w;
	}
	name_width += 2;
	fputs("\n  评分（自评 与 规则计算）：\n    ", out);
	text_pad(out, "指标", name_width);
	text_pad_left(out, "满分", 8);
	text_pad_left(out, "自评", 9);
	text_pad_left(out, "计算", 9);
	fputs("  状态\n", out);
	for (size_t i = 0; i < r->indicator_count; i++) {
		const indicator_score *s = &r->indicators[i];
		char mx[DEC_BUFSIZE], cl[DEC_BUFSIZE], cp[DEC_BUFSIZE];
		fmt_value(mx, s->has_max, s->max);
		fmt_value(cl, s->has_claimed, s->claimed);
		fmt_value(cp, s->has_computed, s->computed);
		fputs("    ", out);
		for (int d = 0; d < s->depth; d++)
			fputs("  ", out);
		text_pad(out, s->name, name_width - (size_t)s->depth * 2);
		text_pad_left(out, mx, 8);
		text_pad_left(out, cl, 9);
		text_pad_left(out, cp, 9);
		const char *colour = s->status == IND_OK ? GREEN : s->status == IND_MISMATCH ? RED : DIM;
		fprintf(out, "  %s%s%s\n", paint(p, colour), status_label(s->status), paint(p, RESET));
		for (size_t k = 0; k < s->deduction_count; k++) {
			char pts[DEC_BUFSIZE];
			dec_format_trim(s->deductions[k].points, pts);
			fprintf(out, "    %*s  └ 规则扣 %s 分：%s %s[%s]%s\n", s->depth * 2, "", pts,
			        s->deductions[k].reason ? s->deductions[k].reason : "", paint(p, DIM),
			        s->deductions[k].rule, paint(p, RESET));
		}
		if (s->formula)
			fprintf(out, "    %*s  └ 计分公式：%s\n", s->depth * 2, "", s->formula);
	}
	char mx[DEC_BUFSIZE], cl[DEC_BUFSIZE], cp[DEC_BUFSIZE];
	fmt_value(mx, r->indicator_count > 0, r->total_max);
	fmt_value(cl, r->has_total_claimed, r->total_claimed);
	fmt_value(cp, r->has_total_computed, r->total_computed);
	fputs("    ", out);
	text_pad(out, "合计", name_width);
	text_pad_left(out, mx, 8);
	text_pad_left(out, cl, 9);
	text_pad_left(out, cp, 9);
	fputs("\n    ", out);
	text_pad(out, "等级", name_width);
	text_pad_left(out, "", 8);
	text_pad_left(out, r->grade_claimed ? r->grade_claimed : "—", 9);
	text_pad_left(out, r->grade_computed ? r->grade_computed : "—", 9);
	fputc('\n', out);

	size_t unverified = 0;
	for (size_t i = 0; i < r->indicator_count; i++)
		unverified += r->indicators[i].status == IND_UNVERIFIED;
	if (unverified) {
		fprintf(out, "\n  %zu 项指标没有规则覆盖，无法核验，沿用自评得分：", unverified);
		size_t shown = 0;
		for (size_t i = 0; i < r->indicator_count; i++)
			if (r->indicators[i].status == IND_UNVERIFIED)
				fprintf(out, "%s%s", shown++ ? "、" : "", r->indicators[i].path);
		fputc('\n', out);
	}
}

static void text_document(printer *p, const doc_result *r)
{
	FILE *out = p->options.out;
	if (!p->first)
		fputc('\n', out);
	p->first = false;
	fprintf(out, "%s%s", paint(p, BOLD), r->file);
	if (r->document > 0)
		fprintf(out, " 第 %d 份文档", r->document);
	fputs(paint(p, RESET), out);
	if (r->unit)
		fprintf(out, "  %s", r->unit);
	if (r->has_year)
		fprintf(out, " %ld 年度", r->year);
	if (r->kind)
		fprintf(out, " %s", kind_label(r->kind));
	if (r->project)
		fprintf(out, "：%s", r->project);
	fputc('\n', out);
	print_findings(p, r);
	if (r->has_scores && r->indicator_count)
		print_scores(p, r);
}

static void text_end(printer *p, const run_summary *s)
{
	FILE *out = p->options.out;
	fprintf(out, "\n共检查 %zu 个文件（%zu 份报告）：%s%zu 个错误%s，%s%zu 个警告%s，%zu 个提示",
	        s->files, s->documents, s->errors ? paint(p, RED) : "", s->errors,
	        s->errors ? paint(p, RESET) : "", s->warnings ? paint(p, YELLOW) : "", s->warnings,
	        s->warnings ? paint(p, RESET) : "", s->infos);
	if (s->waived)
		fprintf(out, "，%zu 个已豁免", s->waived);
	fputc('\n', out);
}

void fmt_text_init(printer *p)
{
	p->begin = text_begin;
	p->document = text_document;
	p->end = text_end;
}
