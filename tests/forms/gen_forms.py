#!/usr/bin/env python3
"""Write the test forms: .xlsx workbooks, .docx documents and text exports.

    tests/forms/gen_forms.py OUTDIR
    tests/forms/gen_forms.py --fuzz-seeds tests/fuzz/corpus   (the checked-in seeds)

Every file is written by hand from the Python standard library (zipfile and
OOXML as text), so each byte of the layout is under the test's control: no
spreadsheet library decides how a merge, a style or a formula is stored.
The tests (tests/unit/test_load_*.c, tests/e2e/forms-read.sh) read them and
assert what is in them; they name the files and cells this script writes.

The workbooks reproduce the national 项目支出绩效自评表 (财预〔2020〕10号 附件2)
filled with the numbers of real published forms:

  [LF] 廊坊市食品工程学校《办公宿舍楼、食堂及餐厅暖通改造经费 绩效自评表（修改）》,
       项目支出绩效自评表（2019年度）, 万元
       http://www.lfsp.cn/newsinfo/1158053.html
       (总分 98 is the sum of the printed scores: the page ends before it)
  [PT] 上海市普陀区体育事业管理中心《2022年度项目自评价》, 财政项目支出绩效
       自评表（2022年度）, 元: "普陀体育中心与委托运营方结算费用" and
       "援滇对口支援及结对帮扶经费"
       https://pdf.chddh.cn/archives/48n5zg2zkkjxn27q6rjv.html
       (it prints 执行率 86.19% for 215,457.6 / 250,000, which is 86.18%: the
       formula variant computes 86.18%; the 预期目标 text and the second
       project's indicator values are not in the copy read, so left blank)
  [TX] 池州市贵池区棠溪镇人民政府, 项目支出绩效自评表（2022年度）"委托业务项目",
       万元, a copy of the published attachment:
       http://www.anthempetcare.com/upload_cz/download?id=502364&siteId=2
       (its 年度资金总额 row really reads 0 0 0 10 0 0, and its label is
       "其中：本年财政拨款"; the copy ends inside the 满意度 row)
  [HN] a Hunan budget unit's 2018 部门整体支出绩效评价: 附件3 基础数据表 of
       财预〔2013〕53号 and its 指标表, 万元, from the copy at
       https://wanglu.net/thread/t4-462766-0.html (the unit's name is blank
       there; the 指标表 copy ends after 预算控制率, whose score was not read)

The Word documents rebuild the 部门整体 report of the seed,
../shared/seed/000_2ea140225a11ab7a.txt (广州市黄埔区科学技术局 2022).

Hostile files are written beside them (hostile-*): what a reader must refuse.
Nothing here is random; the output is the same on every run.
"""
import io
import os
import sys
import warnings
import zipfile
import zlib

# --- XML helpers ---------------------------------------------------------------


def esc(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def col_letters(n):
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def ref(row, col):
    return "%s%d" % (col_letters(col), row)


def parse_ref(a1):
    letters = "".join(ch for ch in a1 if ch.isalpha())
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch) - 64
    return int(a1[len(letters):]), col


FIXED_TIME = (2023, 3, 15, 9, 30, 0)


def write_zip(path, parts, compression=zipfile.ZIP_DEFLATED):
    """parts: [(name, bytes or str)], in order."""
    with zipfile.ZipFile(path, "w", compression) as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = compression
            info.external_attr = 0o644 << 16
            z.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)


XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# --- workbooks -----------------------------------------------------------------

# Cell formats (cellXfs) every workbook here has, by name: numFmtId 0, 10,
# 9, 4, 2, 14 are built-in; 164 to 166 are custom.
STYLES = ["general", "pct2", "pct0", "thousands2", "fixed2", "date", "cndate", "wan",
          "text", "neg"]
STYLE_FORMATS = [0, 10, 9, 4, 2, 14, 164, 165, 49, 166]
CUSTOM_FORMATS = {164: 'yyyy"年"m"月"d"日"', 165: '#,##0.00"万元"',
                  166: '0.00_);[Red]\\(0.00\\)'}


class N:
    """A number cell: the <v> text exactly as Excel would store it."""

    def __init__(self, text, style="general"):
        self.text, self.style = text, style


class F:
    """A formula cell; cached: the saved value (<v>), None for none."""

    def __init__(self, formula, cached, style="general", string=False):
        self.formula, self.cached, self.style, self.string = formula, cached, style, string


class Raw:
    """A <c> written as given (attributes after r, and its content)."""

    def __init__(self, attrs, inner):
        self.attrs, self.inner = attrs, inner


class Rich:
    """A shared string of rich-text runs, with an optional phonetic guide."""

    def __init__(self, runs, phonetic=None):
        self.runs, self.phonetic = runs, phonetic


class Sheet:
    def __init__(self, name, state=None):
        self.name, self.state = name, state
        self.cells = {}
        self.merges = []
        self.hidden_rows = set()
        self.hidden_cols = []
        self.inline = False      # strings as inline strings, not shared
        self.omit_refs = False   # no r attributes: positions follow on
        self.extra_xml = ""      # cells written after sheetData rows (far styled blanks)

    def put(self, a1, value):
        if value is not None:
            self.cells[parse_ref(a1)] = value

    def merge(self, area):
        self.merges.append(area)


class Book:
    def __init__(self, date1904=False):
        self.sheets = []
        self.date1904 = date1904
        self.strings = []
        self.index = {}

    def sheet(self, name, state=None):
        s = Sheet(name, state)
        self.sheets.append(s)
        return s

    def shared(self, value):
        key = value if isinstance(value, str) else id(value)
        if key not in self.index:
            self.index[key] = len(self.strings)
            self.strings.append(value)
        return self.index[key]

    def cell_xml(self, sheet, row, col, value):
        r = "" if sheet.omit_refs else ' r="%s"' % ref(row, col)
        if isinstance(value, str) or isinstance(value, Rich):
            if sheet.inline and isinstance(value, str):
                return '<c%s t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>' % (
                    r, esc(value))
            return '<c%s t="s"><v>%d</v></c>' % (r, self.shared(value))
        if isinstance(value, N):
            return '<c%s s="%d"><v>%s</v></c>' % (r, STYLES.index(value.style), value.text)
        if isinstance(value, F):
            t = ' t="str"' if value.string else ""
            v = "" if value.cached is None else "<v>%s</v>" % esc(value.cached)
            return '<c%s s="%d"%s><f>%s</f>%s</c>' % (
                r, STYLES.index(value.style), t, esc(value.formula), v)
        if isinstance(value, Raw):
            return "<c%s%s>%s</c>" % (r, value.attrs, value.inner)
        raise TypeError(value)

    def sheet_xml(self, sheet):
        rows = {}
        for (row, col), value in sheet.cells.items():
            rows.setdefault(row, {})[col] = value
        out = [XML_HEAD, '<worksheet xmlns="%s" xmlns:r="%s">' % (NS_MAIN, NS_REL)]
        if sheet.cells:
            last = max(r for r, _ in sheet.cells), max(c for _, c in sheet.cells)
            out.append('<dimension ref="A1:%s"/>' % ref(*last))
        out.append('<sheetViews><sheetView workbookViewId="0"/></sheetViews>')
        out.append('<sheetFormatPr defaultRowHeight="15"/>')
        if sheet.hidden_cols:
            out.append("<cols>")
            for lo, hi in sheet.hidden_cols:
                out.append('<col min="%d" max="%d" width="9" hidden="1" customWidth="1"/>' % (lo, hi))
            out.append("</cols>")
        out.append("<sheetData>")
        for row in sorted(set(rows) | sheet.hidden_rows):
            attrs = "" if sheet.omit_refs else ' r="%d"' % row
            if row in sheet.hidden_rows:
                attrs += ' hidden="1"'
            cells = rows.get(row, {})
            out.append("<row%s>" % attrs)
            if sheet.omit_refs:
                for col in range(1, max(cells) + 1 if cells else 1):
                    out.append(self.cell_xml(sheet, row, col, cells[col]) if col in cells else "<c/>")
            else:
                for col in sorted(cells):
                    out.append(self.cell_xml(sheet, row, col, cells[col]))
            out.append("</row>")
        out.append(sheet.extra_xml)
        out.append("</sheetData>")
        if sheet.merges:
            out.append('<mergeCells count="%d">' % len(sheet.merges))
            out.extend('<mergeCell ref="%s"/>' % m for m in sheet.merges)
            out.append("</mergeCells>")
        out.append('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>')
        out.append("</worksheet>")
        return "".join(out)

    def sst_xml(self):
        out = [XML_HEAD, '<sst xmlns="%s" count="%d" uniqueCount="%d">' % (
            NS_MAIN, len(self.strings), len(self.strings))]
        for s in self.strings:
            if isinstance(s, Rich):
                out.append("<si>")
                for text, bold in s.runs:
                    props = "<rPr><b/><sz val=\"16\"/></rPr>" if bold else "<rPr><sz val=\"11\"/></rPr>"
                    out.append('<r>%s<t xml:space="preserve">%s</t></r>' % (props, esc(text)))
                if s.phonetic:
                    out.append('<rPh sb="0" eb="2"><t>%s</t></rPh>' % esc(s.phonetic))
                out.append("</si>")
            else:
                out.append('<si><t xml:space="preserve">%s</t></si>' % esc(s))
        out.append("</sst>")
        return "".join(out)

    def save(self, path, compression=zipfile.ZIP_DEFLATED):
        n = len(self.sheets)
        sheet_parts = [("xl/worksheets/sheet%d.xml" % (i + 1), self.sheet_xml(s))
                       for i, s in enumerate(self.sheets)]
        content_types = (XML_HEAD +
                         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                         '<Default Extension="xml" ContentType="application/xml"/>'
                         '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                         + "".join('<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' % (i + 1) for i in range(n))
                         + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
                         '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                         "</Types>")
        root_rels = (XML_HEAD + '<Relationships xmlns="%s">' % NS_PKG_REL +
                     '<Relationship Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/>' % NS_REL +
                     "</Relationships>")
        sheets = "".join('<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>' % (
            esc(s.name), i + 1, ' state="%s"' % s.state if s.state else "", i + 1)
            for i, s in enumerate(self.sheets))
        workbook = (XML_HEAD + '<workbook xmlns="%s" xmlns:r="%s">' % (NS_MAIN, NS_REL) +
                    '<workbookPr%s defaultThemeVersion="164011"/>' % (' date1904="1"' if self.date1904 else "") +
                    '<bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="12300"/></bookViews>'
                    "<sheets>%s</sheets>" % sheets + '<calcPr calcId="191029"/></workbook>')
        rels = (XML_HEAD + '<Relationships xmlns="%s">' % NS_PKG_REL +
                "".join('<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>' % (i + 1, NS_REL, i + 1) for i in range(n)) +
                '<Relationship Id="rId%d" Type="%s/styles" Target="styles.xml"/>' % (n + 1, NS_REL) +
                '<Relationship Id="rId%d" Type="%s/sharedStrings" Target="/xl/sharedStrings.xml"/>' % (n + 2, NS_REL) +
                "</Relationships>")
        styles = (XML_HEAD + '<styleSheet xmlns="%s">' % NS_MAIN +
                  '<numFmts count="%d">' % len(CUSTOM_FORMATS) +
                  "".join('<numFmt numFmtId="%d" formatCode="%s"/>' % (k, esc(v)) for k, v in sorted(CUSTOM_FORMATS.items())) +
                  "</numFmts>"
                  '<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>'
                  '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
                  '<borders count="1"><border/></borders>'
                  # cellStyleXfs has a numFmtId the reader must not take for cellXfs
                  '<cellStyleXfs count="1"><xf numFmtId="10" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                  '<cellXfs count="%d">' % len(STYLES) +
                  "".join('<xf numFmtId="%d" fontId="0" fillId="0" borderId="0" xfId="0"%s/>' % (
                      f, ' applyNumberFormat="1"' if f else "") for f in STYLE_FORMATS) +
                  "</cellXfs></styleSheet>")
        parts = [("[Content_Types].xml", content_types), ("_rels/.rels", root_rels),
                 ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", rels)]
        parts += sheet_parts
        parts += [("xl/styles.xml", styles), ("xl/sharedStrings.xml", self.sst_xml())]
        write_zip(path, parts, compression)


# --- the forms' data ---------------------------------------------------------------

# Indicator rows: (一级指标, 二级指标, 三级指标, 年度指标值, 实际完成值, 分值, 得分, 偏差原因分析及改进措施)
LANGFANG = {
    "year": "2019", "project": "办公宿舍楼、食堂及餐厅暖通改造经费",
    "department": "廊坊市发改委", "unit": "廊坊市食品工程学校", "money": "项目资金（万元）",
    "funds": [
        ("年度资金总额", N("43.2"), N("43.2"), N("37.24"), N("10"),
         N("0.86203703703703705", "pct0"), N("9")),
        ("其中：当年财政拨款", N("43.2"), N("43.2"), N("37.24"), "—", None, "—"),
        ("上年结转资金", None, None, None, "—", None, "—"),
        ("其他资金", None, None, None, "—", None, "—"),
    ],
    "goal": (N("43.2"), N("37.24")),
    "indicators": [
        ("产出指标", "数量指标", "指标1工程资金金额", N("43.2"), N("37.24"), N("10"), N("9"),
         "已完工，剩余3%尾款未付，且最高限价低于预算金额。提高预算准确度。"),
        ("产出指标", "质量指标", "指标1工程完工率", N("100"), N("100"), N("10"), N("10"), None),
        ("产出指标", "质量指标", "指标2工程验收合格率", N("100"), N("100"), N("10"), N("10"), None),
        ("产出指标", "时效指标", "指标1项目完成及时率", N("100"), N("100"), N("10"), N("10"), None),
        ("产出指标", "成本指标", "指标1成本控制率", N("100"), N("100"), N("10"), N("10"), None),
        ("效益指标", "经济效益指标", "指标1安全率", N("100"), N("100"), N("10"), N("10"), N("0")),
        ("效益指标", "社会效益指标", "指标1学校发展能力", N("100"), N("100"), N("10"), N("10"), N("0")),
        ("效益指标", "生态效益指标", "指标1", None, None, None, None, None),
        ("效益指标", "可持续影响指标", "指标1长期使用性", N("100"), N("100"), N("10"), N("10"), None),
        ("满意度指标", "服务对象满意度指标", "指标1学生满意度", N("100"), N("100"), N("10"), N("10"), N("0")),
    ],
    "total": (N("100"), N("98")),
}

PUTUO = {
    "year": "2022", "project": "普陀体育中心与委托运营方结算费用",
    "department": "上海市普陀区体育局", "unit": "上海市普陀区体育事业管理中心",
    "money": "项目资金（元）",
    "funds": [
        ("年度资金总额", N("250000", "thousands2"), N("250000", "thousands2"),
         N("215457.6", "thousands2"), N("10"), N("0.8619", "pct2"), N("8.62", "fixed2")),
        ("其中：当年财政拨款", N("250000", "thousands2"), N("250000", "thousands2"),
         N("215457.6", "thousands2"), "—", None, "—"),
        ("上年结转资金", N("0"), N("0"), None, "—", None, "—"),
        ("其他资金", N("0"), N("0"), None, "—", None, "—"),
    ],
    "goal": (None, "已完成普陀体育中心与委托运营方费用结算。"),
    "indicators": [
        ("产出指标", "数量指标", "与委托运营方结算完成率", "=100%", "100%", N("10"), N("10"), None),
        ("产出指标", "质量指标", "合同结算条款完成率", "=100%", "100%", N("20"), N("20"), None),
        ("产出指标", "时效指标", "费用结算及时性", "及时", "及时", N("20"), N("20"), None),
        ("效益指标", "社会效益指标", "与委托运营方合同完成率", "=100%", "100%", N("30"), N("30"), None),
        ("满意度指标", "服务对象满意度指标", "场馆开放满意度", ">=90%", "100%", N("10"), N("10"), None),
    ],
    "total": (N("100"), N("98.62", "fixed2")),
}

PUTUO_YUNNAN = {
    "year": "2022", "project": "援滇对口支援及结对帮扶经费",
    "department": "上海市普陀区体育局", "unit": "上海市普陀区体育事业管理中心",
    "money": "项目资金（元）",
    "funds": [
        ("年度资金总额", N("20000", "thousands2"), N("20000", "thousands2"), N("9034", "thousands2"),
         N("10"), N("0.4517", "pct2"), N("4.52", "fixed2")),
        ("其中：当年财政拨款", N("20000", "thousands2"), N("20000", "thousands2"),
         N("9034", "thousands2"), "—", None, "—"),
        ("上年结转资金", N("0"), N("0"), None, "—", None, "—"),
        ("其他资金", N("0"), N("0"), None, "—", None, "—"),
    ],
    "goal": (None, "已完成援滇人员相关经费支付。"),
    "indicators": [
        ("产出指标", "数量指标", "经费使用率", None, None, None, None, None),
        ("产出指标", "质量指标", "经费完成情况", None, None, None, None, None),
        ("产出指标", "时效指标", "经费完成进度", None, None, None, None, None),
        ("效益指标", "社会效益指标", "经费使用完成情况", None, None, None, None, None),
        ("满意度指标", "服务对象满意度指标", "满意度", None, None, None, None, None),
    ],
    "total": (N("100"), None),
}

TANGXI = {
    "year": "2022", "project": "委托业务项目",
    "department": "219-池州市贵池区棠溪镇人民政府", "unit": "219001-池州市贵池区棠溪镇人民政府",
    "money": "项目资金（万元）",
    "funds": [
        ("年度资金总额：", N("0"), N("0"), N("0"), N("10"), N("0"), N("0")),
        ("其中：本年财政拨款", N("90"), N("89.974"), N("89.974"), None, None, None),
        ("上年结转资金", None, None, None, None, None, None),
        ("其他资金", None, None, None, None, None, None),
    ],
    "goal": ("本项目共申请预算资金90万元。其中：30万元用于基建工程项目预算编制；30万元用于基建工程项目审计；30万元用于基建工程项目设计、规划、测绘。",
             "本项目共完成预算资金89.97万元。其中：30万元用于基建工程项目预算编制；30万元用于基建工程项目审计；29.99万元用于基建工程项目设计、规划、测绘。"),
    # The half-filled form: 分值 printed, 得分 left blank, as some regions publish.
    "indicators": [
        ("产出指标(50分)", "数量指标", "基建工程委托业务项目数量", "≥50个", N("50"), N("8"), None, None),
        ("产出指标(50分)", "质量指标", "委托业务报告合格率", "≥100百分比", N("100"), N("8"), None, None),
        ("产出指标(50分)", "质量指标", "经费支出合规性", "严格执行相关制度规定", "达成预期指标", N("8"), None, None),
        ("产出指标(50分)", "时效指标", "提交报告及时性", "在项目计划完成时间内完成", "达成预期指标", N("8"), None, None),
        ("产出指标(50分)", "成本指标", "项目总成本", "≤90万元", N("90"), N("8"), None, None),
        ("产出指标(50分)", "成本指标", "单项业务成本", "符合相关规定", "达成预期指标", N("10"), None, None),
        ("效益指标(30分)", "社会效益指标", "对维护基建市场公平的影响程度", "效果明显", "达成预期指标", N("10"), None, None),
        ("效益指标(30分)", "生态效益指标", "对控制基建项目成本影响程度", "效果明显", "达成预期指标", N("10"), None, None),
        ("效益指标(30分)", "可持续影响指标", "对推动基建项目“四项制度”健全和落实的持续性影响", "效果明显", "达成预期指标", N("10"), None, None),
        ("效益指标(30分)", "经济效益指标", None, None, None, None, None, None),
        ("满意度指标(10分)", "满意度指标", "公众满意度", None, None, None, None, None),
    ],
    "total": (N("100"), None),
}


def national_form(sheet, form, top=1, title="项目支出绩效自评表", labels=None,
                  extra_column=None, goal_after=False, unit_line=None, grade=None,
                  placeholders=None):
    """The 项目支出绩效自评表 of 财预〔2020〕10号 附件2 from row `top`, columns A to I.

    With top=1: 1 title, 2 （年度）, 3 项目名称, 4 主管部门 | 实施单位, 5 the 项目资金 header,
    6 年度资金总额 (执行率 in G6, 得分 in H6), 7-9 其中…/上年结转资金/其他资金, 10-11 年度总体目标,
    12 the 绩效指标 header, 13… one row per indicator, then 总分 (and 自评等级).
    extra_column: a regional copy's column after 三级指标, (header, [values]);
    goal_after: the 年度总体目标 rows after the indicators; unit_line: a "单位：元" row
    under the title; placeholders: {indicator index: [三级指标 labels]} added as hidden rows.
    Returns {name: a1} of the cells the tests look at.
    """
    lab = {"项目名称": "项目名称", "主管部门": "主管部门", "实施单位": "实施单位",
           "总分": "总分", "year": "（%s年度）" % form["year"], "绩效指标": "绩效指标",
           "年度总体目标": "年度总体目标", "其中": None}
    lab.update(labels or {})
    last_col = 10 if extra_column else 9
    L = col_letters(last_col)
    where = {}
    r = top
    sheet.put("A%d" % r, title)
    sheet.merge("A%d:%s%d" % (r, L, r))
    r += 1
    sheet.put("A%d" % r, lab["year"])
    sheet.merge("A%d:%s%d" % (r, L, r))
    r += 1
    if unit_line:
        sheet.put("%s%d" % (L, r), unit_line)
        where["unit_line"] = "%s%d" % (L, r)
        r += 1
    sheet.put("A%d" % r, lab["项目名称"])
    sheet.put("B%d" % r, form["project"])
    sheet.merge("B%d:%s%d" % (r, L, r))
    where["project"] = "B%d" % r
    r += 1
    sheet.put("A%d" % r, lab["主管部门"])
    sheet.put("B%d" % r, form["department"])
    sheet.merge("B%d:D%d" % (r, r))
    sheet.put("E%d" % r, lab["实施单位"])
    sheet.put("F%d" % r, form["unit"])
    sheet.merge("F%d:%s%d" % (r, L, r))
    r += 1
    money_top = r
    sheet.put("A%d" % r, form["money"])
    sheet.merge("A%d:A%d" % (r, r + 4))
    for col, text in zip("CDEFGH", ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]):
        sheet.put("%s%d" % (col, r), text)
    sheet.merge("H%d:%s%d" % (r, L, r))
    where["funds_header"] = r
    for k, row in enumerate(form["funds"]):
        rr = r + 1 + k
        label = row[0]
        if k == 1 and lab["其中"]:
            label = lab["其中"]
        sheet.put("B%d" % rr, label)
        for col, value in zip("CDEFGH", row[1:]):
            sheet.put("%s%d" % (col, rr), value)
        sheet.merge("H%d:%s%d" % (rr, L, rr))
    where["total_funds_row"] = money_top + 1
    where["rate"] = "G%d" % (money_top + 1)
    where["funds_score"] = "H%d" % (money_top + 1)
    r = money_top + 5

    def goal_block(r):
        sheet.put("A%d" % r, lab["年度总体目标"])
        sheet.merge("A%d:A%d" % (r, r + 1))
        sheet.put("B%d" % r, "预期目标")
        sheet.merge("B%d:E%d" % (r, r))
        sheet.put("F%d" % r, "实际完成情况")
        sheet.merge("F%d:%s%d" % (r, L, r))
        sheet.put("B%d" % (r + 1), form["goal"][0])
        sheet.merge("B%d:E%d" % (r + 1, r + 1))
        sheet.put("F%d" % (r + 1), form["goal"][1])
        sheet.merge("F%d:%s%d" % (r + 1, L, r + 1))
        where["goal"] = r
        return r + 2

    if not goal_after:
        r = goal_block(r)
    header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
              "偏差原因分析及改进措施"]
    if extra_column:
        header.insert(3, extra_column[0])
    indicator_top = r
    sheet.put("A%d" % r, lab["绩效指标"])
    for k, text in enumerate(header):
        sheet.put("%s%d" % (col_letters(2 + k), r), text)
    where["indicator_header"] = r
    rows = []
    for k, ind in enumerate(form["indicators"]):
        rows.append((ind, False, k))
        for label in (placeholders or {}).get(k, []):
            rows.append(((ind[0], ind[1], label, None, None, None, None, None), True, None))
    r += 1
    first_row = r
    for ind, hidden, k in rows:
        values = list(ind)
        if extra_column:
            values.insert(3, extra_column[1][k] if k is not None else None)
        for c, value in enumerate(values):
            if c < 2:
                continue  # 一级 and 二级 are written once per group, below
            sheet.put("%s%d" % (col_letters(2 + c), r), value)
        if hidden:
            sheet.hidden_rows.add(r)
        r += 1
    # 一级指标 and 二级指标 merged over their rows, as the form prints them
    for level in (0, 1):
        start = first_row
        while start < r:
            key = rows[start - first_row][0][:level + 1]
            end = start
            while end + 1 < r and rows[end + 1 - first_row][0][:level + 1] == key:
                end += 1
            sheet.put("%s%d" % (col_letters(2 + level), start), key[level])
            if end > start:
                sheet.merge("%s%d:%s%d" % (col_letters(2 + level), start, col_letters(2 + level), end))
            start = end + 1
    sheet.merge("A%d:A%d" % (indicator_top, r - 1))
    where["first_indicator"] = first_row
    points_col = col_letters(7 + (1 if extra_column else 0))
    score_col = col_letters(8 + (1 if extra_column else 0))
    sheet.put("A%d" % r, lab["总分"])
    sheet.merge("A%d:%s%d" % (r, col_letters(6 + (1 if extra_column else 0)), r))
    sheet.put("%s%d" % (points_col, r), form["total"][0])
    sheet.put("%s%d" % (score_col, r), form["total"][1])
    where["total"] = "%s%d" % (score_col, r)
    where["total_row"] = r
    r += 1
    if grade:
        sheet.put("A%d" % r, "自评等级")
        sheet.merge("A%d:%s%d" % (r, col_letters(6 + (1 if extra_column else 0)), r))
        sheet.put("%s%d" % (points_col, r), grade)
        sheet.merge("%s%d:%s%d" % (points_col, r, L, r))
        where["grade"] = "%s%d" % (points_col, r)
        r += 1
    if goal_after:
        r = goal_block(r)
    where["end"] = r
    return where


def hunan_basic_data(s):
    """附件3 部门整体支出绩效评价基础数据表 (财预〔2013〕53号), as the Hunan copy fills it."""
    s.put("A1", "部门整体支出绩效评价基础数据表")
    s.merge("A1:D1")
    s.put("A2", "填报单位:")
    s.put("D2", "单位:万元")
    s.put("A3", "财政供养人员情况")
    s.merge("A3:A4")
    for col, text in zip("BCD", ["编制数", "2018年实际在职人数", "控制率"]):
        s.put("%s3" % col, text)
    for col, value in zip("BCD", [N("143"), N("136"), "95.10%"]):
        s.put("%s4" % col, value)
    rows = [
        ("经费控制情况", "2017年决算数", "2018年预算数", "2018年决算数"),
        ("“三公经费”", N("29.08"), N("63.46"), N("44.29")),
        ("1、公务用车购置和维护经费", N("11.86"), N("41.46"), N("39.3", "fixed2")),
        ("其中：公车购置", None, N("29.46"), N("29.46")),
        ("公车运行维护", N("11.86"), N("12"), N("9.84")),
        ("2、出国经费", None, None, None),
        ("3、公务接待", N("17.22"), N("22"), N("4.99")),
        ("项目支出:", None, None, None),
        ("1、业务工作专项", N("938.8"), N("320"), N("689.16")),
        ("2、运行维护专项", None, None, None),
        ("公用经费", None, None, None),
        ("其中：办公经费", N("14.44"), N("10"), N("0.68")),
        ("水费、电费、差旅费", N("17.92"), N("7.5", "fixed2"), N("25.36")),
        ("会议费、培训费", N("0"), N("0.8"), N("0")),
        ("政府采购金额", N("16.14"), N("30.66"), N("30.66")),
        ("部门整体支出预算调整", None, N("1922.76"), N("2690.62")),
    ]
    for k, row in enumerate(rows):
        for col, value in zip("ABCD", row):
            s.put("%s%d" % (col, 5 + k), value)


def hunan_scores(s):
    """The 部门整体支出绩效评价指标表 of the Hunan copy, as far as it was read."""
    s.put("A1", "部门整体支出绩效评价指标表")
    s.merge("A1:F1")
    for col, text in zip("ABCDEF", ["一级指标", "二级指标", "三级指标", "分值", "评分标准", "得分"]):
        s.put("%s2" % col, text)
    rows = [
        ("投入", "预算配置", "在职人员控制率", N("8"), "以100%为标准，在职人员控制率≤100%，计8分；每超过一个百分点扣0.5分，扣完为止", N("8")),
        (None, None, "“三公经费”变动率", N("8"), "“三公经费”变动率≤0，计8分；每超过一个百分点扣0.8分，扣完为止", N("0")),
        ("过程", "预算执行", "预算完成率", N("8"), "预算完成率=100%，计满分；每低于5%扣2分", N("8")),
        (None, None, "预算控制率", N("8"), "预算控制率=0，计8分；0-10%(含)，计6分；10-20%(含)，计4分；20-30%(含)，计2分；大于30%不得分", None),
    ]
    for k, row in enumerate(rows):
        for col, value in zip("ABCDEF", row):
            s.put("%s%d" % (col, 3 + k), value)
    s.merge("A3:A4")
    s.merge("B3:B4")
    s.merge("A5:A6")
    s.merge("B5:B6")


def workbooks(out):
    # [LF] the national layout exactly, plain values, merged 一级/二级指标
    b = Book()
    national_form(b.sheet("自评表"), LANGFANG, grade="优")
    b.save(os.path.join(out, "national-langfang-2019.xlsx"))

    # [LF] unused 指标2 / …… rows hidden, and a hidden column of notes
    b = Book()
    s = b.sheet("自评表")
    national_form(s, LANGFANG, placeholders={0: ["指标2", "……"], 2: ["指标2"]})
    s.put("J12", "内部备注")
    s.put("J13", "尾款3%")
    s.hidden_cols.append((10, 10))
    b.save(os.path.join(out, "hidden-rows-langfang-2019.xlsx"))

    # [PT] formulas with the values Excel saved: 执行率 = 全年执行数/全年预算数
    # (0.00%), 得分 = 执行率 × 分值, 总分 = SUM in General (17 digits saved, as
    # Excel writes them); the 当年财政拨款 row's 执行率 saved without a value.
    b = Book()
    s = b.sheet("自评表")
    w = national_form(s, PUTUO)
    row = w["total_funds_row"]
    s.put("G%d" % row, F("E%d/D%d" % (row, row), "0.8618304", "pct2"))
    s.put("H%d" % row, F("G%d*F%d" % (row, row), "8.6183040000000002", "fixed2"))
    s.put("G%d" % (row + 1), F("E%d/D%d" % (row + 1, row + 1), None, "pct2"))
    tr = w["total_row"]
    s.put("H%d" % tr, F("H%d+SUM(H%d:H%d)" % (row, w["first_indicator"], tr - 1),
                        "98.618303999999995"))
    b.save(os.path.join(out, "formulas-putuo-2022.xlsx"))

    # [PT] in 元 under a "单位：元" line, the 项目资金 label without a unit
    b = Book()
    form = dict(PUTUO, money="项目资金")
    national_form(b.sheet("自评表"), form, unit_line="单位：元")
    b.save(os.path.join(out, "yuan-putuo-2022.xlsx"))

    # [PT] a regional copy: an "附件2" row above the title, a 指标性质 column
    # after 三级指标, the 年度总体目标 rows moved below the indicators, and the
    # amounts stored as text as the copy prints them ("215,457.6").
    b = Book()
    s = b.sheet("附件2 项目自评表")
    s.put("A1", "附件2")
    form = dict(PUTUO)
    form["funds"] = [("年度资金总额", "250000.00", "250000.00", "215,457.6", N("10"), "86.19%", N("8.62", "fixed2"))] + PUTUO["funds"][1:]
    form["indicators"] = [(a, b_, c, t.lstrip("=>"), v, p, sc, d) for a, b_, c, t, v, p, sc, d in PUTUO["indicators"]]
    national_form(s, form, top=2, extra_column=("指标性质", ["=", "=", "定性", "=", "≥"]), goal_after=True)
    b.save(os.path.join(out, "regional-putuo-2022.xlsx"))

    # [TX] half-filled: 得分 and 总分 left blank; "年度资金总额：" as printed
    b = Book()
    national_form(b.sheet("Sheet1"), TANGXI)
    b.save(os.path.join(out, "half-filled-tangxi-2022.xlsx"))

    # [LF] a cover sheet first, the form second, a hidden sheet of notes third
    b = Book()
    cover = b.sheet("封面")
    cover.put("A1", "2019年度项目支出绩效自评")
    cover.put("A3", "单位名称")
    cover.put("B3", "廊坊市食品工程学校")
    cover.put("A4", "填报日期")
    cover.put("B4", N("43570", "date"))
    cover.put("A5", "报送日期")
    cover.put("B5", N("43571.5", "cndate"))
    national_form(b.sheet("自评表"), LANGFANG)
    notes = b.sheet("填表说明", state="hidden")
    notes.put("A1", "执行率=全年执行数/全年预算数")
    b.sheet("vh", state="veryHidden").put("A1", "x")
    b.save(os.path.join(out, "cover-langfang-2019.xlsx"))

    # [PT] two forms in one workbook, one a sheet
    b = Book()
    national_form(b.sheet("结算费用"), PUTUO)
    national_form(b.sheet("援滇经费"), PUTUO_YUNNAN)
    b.save(os.path.join(out, "two-forms-putuo-2022.xlsx"))

    # [PT] two forms one under the other on one sheet: read as one, and said
    b = Book()
    s = b.sheet("自评表")
    national_form(s, PUTUO)
    national_form(s, PUTUO_YUNNAN, top=60)
    b.save(os.path.join(out, "stacked-forms-putuo-2022.xlsx"))

    # [LF] labels with full-width digits, colons and spaces, amounts as
    # full-width text; inline strings and no r attributes (both allowed)
    b = Book()
    s = b.sheet("自评表")
    s.inline = True
    s.omit_refs = True
    form = dict(LANGFANG)
    form["funds"] = [("年度资金总额：", "４３．２", "４３．２", "３７．２４", "１０", "８６％", "９")] + LANGFANG["funds"][1:]
    national_form(s, form, labels={"项目名称": "项 目 名 称：", "主管部门": "主管部门：",
                                   "实施单位": "实施单位：", "总分": "总　分",
                                   "year": "（２０１９年度）", "其中": "其中：当年财政拨款"})
    b.save(os.path.join(out, "fullwidth-langfang-2019.xlsx"))

    # Excel's own ways of storing things, one a cell (see the test)
    b = Book()
    s = b.sheet("quirks")
    s.put("A1", Rich([("项目支出", True), ("绩效自评表", False)], phonetic="こうもく"))
    s.put("A2", "项目_x000D_\n名称")
    s.put("A3", N("1.5E-3"))
    s.put("A4", F("0.1+0.2", "0.30000000000000004"))
    s.put("A5", Raw(' t="b"', "<v>1</v>"))
    s.put("A6", Raw(' t="e"', "<f>1/0</f><v>#DIV/0!</v>"))
    s.put("A7", Raw(' t="d"', "<v>2022-12-31T00:00:00</v>"))
    s.put("A8", Raw("", "<v>abc</v>"))
    s.put("A9", N("-1234.5", "neg"))
    s.put("A10", N("383506.13", "wan"))
    s.put("A11", Raw(' t="s"', "<v>9999</v>"))
    s.put("A12", F("A3*2", "3E-3", "general"))
    s.put("B12", Raw(' s="0"', '<f t="shared" ref="B12:B13" si="0">A12*2</f><v>6E-3</v>'))
    s.put("B13", Raw(' s="0"', '<f t="shared" si="0"/><v>1.2E-2</v>'))
    s.put("C1", F('"合"&"计"', "合计", string=True))
    s.put("C2", N("0.5", "text"))
    s.put("C3", N("44926", "date"))
    s.put("C4", N("60", "date"))
    s.put("C5", N("0"))
    s.put("C6", N("12.5", "fixed2"))
    s.put("C7", N("0.98619999999999997", "pct2"))
    s.merge("D1:E2")
    s.merge("E2:F3")  # overlaps D1:E2: left out with a warning
    s.put("D1", "合并")
    s.put("F4", "边")  # the grid reaches column F, so both areas are inside it
    # styled blank cells far out: no value, so no part of the grid
    s.extra_xml = '<row r="200"><c r="Z200" s="3"/></row>'
    b.save(os.path.join(out, "quirks.xlsx"))

    # [HN] the 财预〔2013〕53号 部门整体 form on two sheets: 附件3 基础数据表 and the
    # 指标表 (评分表) a Hunan unit printed with it, with the numbers of the copy
    # examples/hunan-2018-department.yaml cites; the 指标表 ends where the copy
    # read does (its 预算控制率 score cell was not read: left blank).
    b = Book()
    hunan_basic_data(b.sheet("基础数据表"))
    hunan_scores(b.sheet("指标表"))
    b.save(os.path.join(out, "basic-data-hunan-2018.xlsx"))

    # The 1904 date system: serial 42108 is 2019-04-15
    b = Book(date1904=True)
    s = b.sheet("日期")
    s.put("A1", N("42108", "date"))
    b.save(os.path.join(out, "date1904.xlsx"))


# --- documents -------------------------------------------------------------------------

def run(text):
    return '<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r>' % esc(text)


def para(*parts, style=None):
    props = '<w:pPr><w:pStyle w:val="%s"/><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>' % style if style else ""
    inner = "".join(run(p) if isinstance(p, str) else p[1] for p in parts)
    return "<w:p>%s%s</w:p>" % (props, inner)


def xml(fragment):
    """A raw fragment inside para()."""
    return ("xml", fragment)


def tcell(text, span=1, vmerge=None, width=1800, inner=""):
    props = '<w:tcW w:w="%d" w:type="dxa"/>' % width
    if span > 1:
        props += '<w:gridSpan w:val="%d"/>' % span
    if vmerge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        props += "<w:vMerge/>"
    paragraphs = "".join(para(line) for line in text.split("\n")) if text is not None else "<w:p/>"
    if inner:  # a nested table, and the paragraph Word wants after it
        paragraphs += inner + "<w:p/>"
    return "<w:tc><w:tcPr>%s</w:tcPr>%s</w:tc>" % (props, paragraphs)


def table(grid, rows, before=""):
    cols = "".join('<w:gridCol w:w="1800"/>' for _ in range(grid))
    body = "".join("<w:tr>%s%s</w:tr>" % (before if i == 0 else "", "".join(r)) for i, r in enumerate(rows))
    return ('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr>'
            "<w:tblGrid>%s</w:tblGrid>%s</w:tbl>" % (cols, body))


def save_docx(path, body, document_xml=None, compression=zipfile.ZIP_DEFLATED):
    document = document_xml or (
        XML_HEAD + '<w:document xmlns:w="%s" xmlns:r="%s" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        "<w:body>%s<w:sectPr/></w:body></w:document>" % (NS_W, NS_REL, body))
    content_types = (XML_HEAD +
                     '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                     '<Default Extension="xml" ContentType="application/xml"/>'
                     '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                     "</Types>")
    rels = (XML_HEAD + '<Relationships xmlns="%s">' % NS_PKG_REL +
            '<Relationship Id="rId1" Type="%s/officeDocument" Target="word/document.xml"/>' % NS_REL +
            "</Relationships>")
    write_zip(path, [("[Content_Types].xml", content_types), ("_rels/.rels", rels),
                     ("word/document.xml", document)], compression)


def documents(out):
    # The seed's 部门整体 report: paragraphs with the 收支 sentences (one with
    # tracked changes and a field), the 评分表 with 一级指标 and 合计 merged
    # down (vMerge) and 总分 across (gridSpan), and a 收支 table.
    ins = ('<w:ins w:id="1" w:author="审核" w:date="2023-03-01T00:00:00Z">'
           '<w:r><w:t>383,193.53</w:t></w:r></w:ins>'
           '<w:del w:id="2" w:author="审核" w:date="2023-03-01T00:00:00Z">'
           '<w:r><w:delText>383,000.00</w:delText></w:r></w:del>')
    field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
             '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
             '<w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')
    textbox = ('<w:r><w:drawing><wp:inline><a:graphic><a:graphicData><w:txbxContent>'
               '<w:p><w:r><w:t>水印</w:t></w:r></w:p></w:txbxContent></a:graphicData>'
               '</a:graphic></wp:inline></w:drawing></w:r>')
    alternate = ('<mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:t>（选择）</w:t></w:r>'
                 '</mc:Choice><mc:Fallback><w:r><w:t>（备用）</w:t></w:r></mc:Fallback>'
                 '</mc:AlternateContent>')
    score_rows = [
        [tcell("一级指标"), tcell("二级指标"), tcell("得分"), tcell("合计")],
        [tcell("履职效能"), tcell("整体效能"), tcell("45.07"), tcell("45.07")],
        [tcell("管理效率", vmerge="restart"), tcell("预算编制"), tcell("3"), tcell("49.50", vmerge="restart")],
    ]
    for name, score in [("预算执行", "4"), ("信息公开", "4"), ("绩效管理", "15"),
                        ("采购管理", "10"), ("资产管理", "9.5"), ("运行成本", "4")]:
        score_rows.append([tcell(None, vmerge="continue"), tcell(name), tcell(score),
                           tcell(None, vmerge="continue")])
    score_rows.append([tcell("总分", span=3), tcell("94.57")])
    money_rows = [
        [tcell("项目"), tcell("金额（万元）")],
        [tcell("全年预算数"), tcell("383,506.13")],
        [tcell("执行数"), tcell("383,193.53")],
        [tcell("其中：基本支出"), tcell("2,289.3")],
        [tcell("项目支出"), tcell("380,904.23")],
    ]
    body = "".join([
        para("广州市黄埔区科学技术局（广州开发区科技创新局）2022年度部门整体支出绩效自评报告", style="Title"),
        para("一、基本情况"),
        "<w:p/>",
        para("（三）部门整体收支情况"),
        para("全年预算数 383,506.13 万元，执行数 ", xml(ins), " 万元，完成预算的 99.9%。"),
        para("按支出性质看，基本支出 2,289.3 万元，项目支出 380,904.23 万元。",
             xml('<w:r><w:br/></w:r>'), "年末结转和结余 0 万元。"),
        para("二、综合评价分析", xml('<w:r><w:tab/></w:r>'), "第", xml(field), "页", xml(textbox), xml(alternate)),
        para("表1 部门整体支出绩效自评得分表"),
        table(4, score_rows),
        para("表2 部门整体收支情况"),
        '<w:sdt><w:sdtPr><w:alias w:val="收支"/></w:sdtPr><w:sdtContent>%s</w:sdtContent></w:sdt>' % table(2, money_rows),
        para("从部门整体绩效自评得分情况来看，我局较好完成了2022年履行职能职责和各项重点工作任务。"),
    ])
    save_docx(os.path.join(out, "dept-huangpu-2022.docx"), body)

    # A table whose cell holds a nested table, a row starting after a
    # skipped grid column (gridBefore), then another table.
    nested = table(2, [[tcell("内1"), tcell("内2")], [tcell("内3"), tcell("内4")]])
    outer = table(3, [
        [tcell("外A"), tcell("外B", inner=nested), tcell("外C")],
        ['<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>跨两列</w:t></w:r></w:p></w:tc>', tcell("外D")],
    ])
    after = table(2, [['<w:tc><w:p><w:r><w:t>后1</w:t></w:r></w:p></w:tc>',
                       '<w:tc><w:p><w:r><w:t>后2</w:t></w:r></w:p></w:tc>']])
    skipped = ('<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>'
               '<w:tr><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>丙</w:t></w:r></w:p></w:tc></w:tr>'
               '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr><w:tc><w:p><w:r><w:t>丁</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>戊</w:t></w:r></w:p></w:tc></w:tr></w:tbl>')
    save_docx(os.path.join(out, "nested-table.docx"),
              para("前言") + outer + para("中间") + after + skipped)

    # Seven tables, then an eighth holding a ninth: the reader's list of
    # tables grows (past eight) while a table is open (fuzz_docx found it
    # read freed memory there).
    flat = "".join(table(1, [[tcell("表%d" % k)]]) + para("段%d" % k) for k in range(1, 8))
    inner = table(1, [[tcell("表9")]])
    save_docx(os.path.join(out, "many-tables.docx"),
              flat + table(1, [[tcell("表8", inner=inner)]]))


    # Two project 自评表 in one Word document, each a title and a table of its
    # own (as a department publishes its projects' forms together); the
    # first form's 一级指标 merged down its rows (vMerge).
    save_docx(os.path.join(out, "two-projects-2022.docx"),
              project_form_docx("乡村道路养护补助", ["80", "86", "84.28", "10", "98%", "9.8"], "99.58")
              + para("注：金额单位为万元。")
              + project_form_docx("农村客运补贴", ["50", "50", "45", "10", "90%", "9"], "98.78"))


def project_form_docx(project, money, total):
    """The national 项目支出绩效自评表 (财预〔2020〕10号 附件2) as a Word table,
    with its title paragraphs above; made-up numbers."""
    def row(*cells):
        cells = list(cells) + [""] * (9 - len(cells))
        return [c if c.startswith("<w:tc>") else tcell(c) for c in cells]
    level = lambda text, first: tcell(text if first else None, vmerge="restart" if first else "continue")
    rows = [
        row("项目名称", project),
        row("主管部门", "某县交通运输局", "实施单位", "某县公路事业发展中心"),
        row("项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"),
        row("", "年度资金总额", *money),
        row("", "其中：当年财政拨款", *money[:3], "—", money[4], "—"),
        row("年度绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
            "偏差原因分析及改进措施"),
        row("", level("产出指标", True), "数量指标", "养护里程", "≥120公里", "126公里", "40", "40"),
        row("", level(None, False), "质量指标", "路况优良率", "≥80%", "82%", "10", "10"),
        row("", tcell("效益指标"), "社会效益指标", "出行条件改善", "明显改善", "明显改善", "30", "30"),
        row("", tcell("满意度指标"), "服务对象满意度指标", "群众满意度", "≥90%", "88%", "10", "9.78",
            "雨季积水，已增加排水沟清理"),
        row("总分", "", "", "", "", "", "100", total),
    ]
    return (para("项目支出绩效自评表") + para("（2022年度）") + table(9, rows))


# --- text exports ------------------------------------------------------------------------

HUANGPU_TEXT = """# 广州市黄埔区科学技术局（广州开发区科技创新局）2022年度部门整体支出绩效自评报告

### **（三）部门整体收支情况**

全年预算数 383,506.13 万元，执行数 383,193.53 万元，完成预算的 99.9%。

一级指标\t二级指标\t得分\t合计
履职效能\t整体效能\t45.07\t45.07
管理效率\t预算编制\t3\t49.50
\t预算执行\t4\t
\t资产管理\t9.5\t

总分\t94.57
----\t-------

\t这一段以制表符缩进，不是表格。
"""

HUANGPU_MARKDOWN = """# 评分表

| 一级指标 | 二级指标 | 得分 |
|:---|:---:|---:|
| 履职效能 | 整体效能 | 45.07 |
| 管理效率 | 预算编制 \\| 预算执行 | 7 |
|  | 资产管理 | 9.5 |

总分 94.57。
"""


def texts(out):
    with open(os.path.join(out, "huangpu-excerpt.txt"), "w", encoding="utf-8") as f:
        f.write(HUANGPU_TEXT)
    with open(os.path.join(out, "huangpu-excerpt-gbk.txt"), "wb") as f:
        f.write(HUANGPU_TEXT.encode("gb18030"))
    with open(os.path.join(out, "huangpu-excerpt-utf16.txt"), "wb") as f:
        f.write(HUANGPU_TEXT.encode("utf-16"))  # with its byte order mark
    with open(os.path.join(out, "huangpu-excerpt-bom-crlf.txt"), "wb") as f:
        f.write(b"\xef\xbb\xbf" + HUANGPU_TEXT.replace("\n", "\r\n").encode("utf-8"))
    with open(os.path.join(out, "huangpu.md"), "w", encoding="utf-8") as f:
        f.write(HUANGPU_MARKDOWN)


# --- hostile files -------------------------------------------------------------------------

def minimal_xlsx_parts(sheet_xml=None, sst_xml=None, styles_xml=None):
    """The parts of a one-sheet workbook, with sheet or strings replaced."""
    b = Book()
    s = b.sheet("Sheet1")
    s.put("A1", "项目名称")
    s.put("B1", N("1"))
    buffer = io.BytesIO()
    b.save(buffer)
    with zipfile.ZipFile(buffer) as z:
        parts = [(n, z.read(n)) for n in z.namelist()]
    out = []
    for name, data in parts:
        if name == "xl/worksheets/sheet1.xml" and sheet_xml is not None:
            data = sheet_xml
        if name == "xl/sharedStrings.xml" and sst_xml is not None:
            data = sst_xml
        if name == "xl/styles.xml" and styles_xml is not None:
            data = styles_xml
        out.append((name, data))
    return out


def zip_bomb(path, size):
    """A workbook whose sheet inflates to `size` bytes of white space: a few
    tens of kilobytes on disk."""
    parts = minimal_xlsx_parts()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            if name != "xl/worksheets/sheet1.xml":
                z.writestr(zipfile.ZipInfo(name, FIXED_TIME), data, zipfile.ZIP_DEFLATED)
                continue
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            with z.open(info, "w", force_zip64=True) as f:
                f.write(b'<?xml version="1.0"?><worksheet xmlns="%s"><sheetData>' % NS_MAIN.encode())
                chunk = b" " * (1 << 20)
                for _ in range(size >> 20):
                    f.write(chunk)
                f.write(b"</sheetData></worksheet>")


def patch_sizes(path, entry, declared):
    """Make the local and central headers of `entry` declare `declared`
    bytes uncompressed (the data and its CRC stay as they are)."""
    data = bytearray(open(path, "rb").read())
    name = entry.encode()
    i = 0
    while True:
        i = data.find(b"PK\x03\x04", i)
        if i < 0:
            break
        n = int.from_bytes(data[i + 26:i + 28], "little")
        if data[i + 30:i + 30 + n] == name:
            data[i + 22:i + 26] = declared.to_bytes(4, "little")
        i += 4
    i = 0
    while True:
        i = data.find(b"PK\x01\x02", i)
        if i < 0:
            break
        n = int.from_bytes(data[i + 28:i + 30], "little")
        if data[i + 46:i + 46 + n] == name:
            data[i + 24:i + 28] = declared.to_bytes(4, "little")
        i += 4
    open(path, "wb").write(bytes(data))


def set_encrypted(path):
    """Set the "encrypted" flag of every entry, local and central."""
    data = bytearray(open(path, "rb").read())
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = 0
        while (i := data.find(sig, i)) >= 0:
            data[i + off] |= 1
            i += 4
    open(path, "wb").write(bytes(data))


def hostile(out):
    j = lambda name: os.path.join(out, name)
    zip_bomb(j("hostile-bomb-size.xlsx"), 80 << 20)   # over max_entry_bytes (64 MiB)
    zip_bomb(j("hostile-bomb-ratio.xlsx"), 8 << 20)   # within it, but ~1000 times

    laughs = (XML_HEAD.replace(' standalone="yes"', "") +
              '<!DOCTYPE sst [<!ENTITY a "lollollollollollollollollollol">' +
              "".join('<!ENTITY %s "%s">' % (chr(98 + k), ("&%s;" % chr(97 + k)) * 10) for k in range(9)) +
              ']><sst xmlns="%s"><si><t>&j;</t></si></sst>' % NS_MAIN)
    write_zip(j("hostile-billion-laughs.xlsx"), minimal_xlsx_parts(sst_xml=laughs))

    external = (XML_HEAD.replace(' standalone="yes"', "") +
                '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                '<w:document xmlns:w="%s"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>'
                "</w:body></w:document>" % NS_W)
    save_docx(j("hostile-external-entity.docx"), "", document_xml=external)

    # OLE compound files: an Office 97-2003 workbook, an encrypted .docx
    cfb = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504
    open(j("hostile-old.xls"), "wb").write(cfb)
    open(j("hostile-encrypted.docx"), "wb").write(cfb)

    good = open(j("national-langfang-2019.xlsx"), "rb").read()
    open(j("hostile-truncated.xlsx"), "wb").write(good[:len(good) // 2])
    open(j("hostile-empty.xlsx"), "wb").write(b"")

    # a sheet that holds more than its headers declare
    write_zip(j("hostile-lying-size.xlsx"), minimal_xlsx_parts())
    patch_sizes(j("hostile-lying-size.xlsx"), "xl/worksheets/sheet1.xml", 100)

    # every entry flagged as encrypted
    write_zip(j("hostile-encrypted-entries.xlsx"), minimal_xlsx_parts())
    set_encrypted(j("hostile-encrypted-entries.xlsx"))

    # an entry that climbs out of the archive, and one there twice
    write_zip(j("hostile-zip-slip.xlsx"), minimal_xlsx_parts() + [("../../evil.xml", "<x/>")])
    parts = minimal_xlsx_parts()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        write_zip(j("hostile-duplicate.xlsx"), parts + [("XL/workbook.xml", "<workbook/>")])

    # a sheet part that is not XML, one that is another part, one nested deep
    write_zip(j("hostile-not-xml.xlsx"), minimal_xlsx_parts(sheet_xml=b"\x89PNG\r\n\x1a\n\0\0\0"))
    write_zip(j("hostile-wrong-root.xlsx"), minimal_xlsx_parts(sheet_xml=(
        XML_HEAD + '<sst xmlns="%s"><si><t>x</t></si></sst>' % NS_MAIN)))
    deep = ('<w:document xmlns:w="%s"><w:body>' % NS_W + "<w:sdt><w:sdtContent>" * 5000 +
            "</w:sdtContent></w:sdt>" * 5000 + "</w:body></w:document>")
    save_docx(j("hostile-deep.docx"), "", document_xml=XML_HEAD + deep)

    # a sheet whose two cells span A1:XFD1048576
    write_zip(j("hostile-huge-sheet.xlsx"), minimal_xlsx_parts(sheet_xml=(
        XML_HEAD + '<worksheet xmlns="%s"><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
        '<row r="1048576"><c r="XFD1048576"><v>2</v></c></row></sheetData></worksheet>' % NS_MAIN)))

    # work that grows with the square of the input, unless bounded: a large
    # merged area overlapping another only in its last cell, 30,000 times (the
    # sheet under 1 MiB, where the compression ratio is not held to a limit);
    # 100,000 number formats, each of 200,000 cells looking for its own
    rows = 19000
    merges = ['<mergeCell ref="Y%d:Z%d"/>' % (rows, rows)] + ['<mergeCell ref="A1:Z%d"/>' % rows] * 30000
    write_zip(j("hostile-merges.xlsx"), minimal_xlsx_parts(sheet_xml=(
        XML_HEAD + '<worksheet xmlns="%s"><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
        '<row r="%d"><c r="Z%d"><v>2</v></c></row></sheetData><mergeCells>%s</mergeCells>'
        "</worksheet>" % (NS_MAIN, rows, rows, "".join(merges)))))
    formats = "".join('<numFmt numFmtId="%d" formatCode="0.%s"/>' % (164 + k, "0" * (k % 5 + 1))
                      for k in range(99999))
    styles = (XML_HEAD + '<styleSheet xmlns="%s"><numFmts>%s</numFmts>' % (NS_MAIN, formats) +
              '<cellXfs><xf numFmtId="0"/><xf numFmtId="%d"/></cellXfs></styleSheet>' % (164 + 99998))
    cells = "".join('<row r="%d"><c r="A%d" s="1"><v>%d.5</v></c><c r="B%d" s="1"><v>7</v></c></row>'
                    % (r, r, r, r) for r in range(1, 100001))
    write_zip(j("hostile-many-formats.xlsx"), minimal_xlsx_parts(
        sheet_xml=XML_HEAD + '<worksheet xmlns="%s"><sheetData>%s</sheetData></worksheet>' % (NS_MAIN, cells),
        styles_xml=styles))

    # neither workbook nor document; a PDF; not text at all
    write_zip(j("hostile-plain.zip"), [("readme.txt", "hello")])
    write_zip(j("hostile-opendocument.ods"), [("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
                                              ("content.xml", "<office:document-content/>")])
    open(j("hostile-report.pdf"), "wb").write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    open(j("hostile-nul.txt"), "wb").write("项目名称\t得分\n".encode() + b"\0\0\0\n")
    open(j("hostile-bad-bytes.txt"), "wb").write("项目名称\n".encode() + b"\x80\xff\xfe\n")


def fuzz_seeds(out):
    """The seeds checked in under tests/fuzz/corpus/: small, and the zip
    entries stored, not deflated, so that libFuzzer's mutations land in the
    XML (one deflated workbook keeps the inflating path in the corpus)."""
    stored = zipfile.ZIP_STORED
    for target in ("fuzz_xlsx", "fuzz_docx", "fuzz_text"):
        os.makedirs(os.path.join(out, target), exist_ok=True)
    xlsx = lambda name: os.path.join(out, "fuzz_xlsx", name)
    b = Book()
    s = b.sheet("自评表")
    s.put("A1", Rich([("项目支出", True), ("绩效自评表", False)], phonetic="x"))
    s.merge("A1:D1")
    for col, text in zip("ABCD", ["全年预算数", "全年执行数", "执行率", "得分"]):
        s.put("%s2" % col, text)
    s.put("A3", N("43.2", "thousands2"))
    s.put("B3", N("37.24", "fixed2"))
    s.put("C3", F("B3/A3", "0.86203703703703705", "pct0"))
    s.put("D3", F("C3*10", None, "neg"))
    s.put("A4", N("43570", "date"))
    s.put("B4", Raw(' t="b"', "<v>0</v>"))
    s.put("C4", Raw(' t="e"', "<v>#N/A</v>"))
    s.put("D4", Raw(' t="inlineStr"', "<is><t>总_x000D_分</t></is>"))
    s.hidden_rows.add(4)
    s.hidden_cols.append((4, 4))
    b.sheet("说明", state="hidden").put("A1", "x")
    b.save(xlsx("mini-form.xlsx"), stored)
    b = Book(date1904=True)
    s = b.sheet("Sheet1")
    s.omit_refs = True
    s.put("A1", "a")
    s.put("C1", N("1.5E-3", "cndate"))
    s.put("A2", N("-0.5", "neg"))
    b.save(xlsx("no-refs-1904.xlsx"), stored)
    b = Book()
    national_form(b.sheet("自评表"), PUTUO)
    b.save(xlsx("national-putuo.xlsx"))  # deflated
    docx = lambda name: os.path.join(out, "fuzz_docx", name)
    rows = [[tcell("一级指标"), tcell("得分")],
            [tcell("管理效率", vmerge="restart"), tcell("3")],
            [tcell(None, vmerge="continue"), tcell("4")],
            [tcell("总分", span=2)]]
    body = (para("全年预算数 383,506.13 万元，", xml('<w:ins><w:r><w:t>执行数</w:t></w:r></w:ins>'),
                 xml('<w:del><w:r><w:delText>旧</w:delText></w:r></w:del>'),
                 xml('<w:r><w:tab/><w:br/></w:r>')) + table(2, rows))
    save_docx(docx("score-table.docx"), body, compression=stored)
    nested = table(2, [[tcell("内1"), tcell("内2")]])
    body = table(2, [[tcell("外A", inner=nested), tcell("外B")]]) + para("后")
    save_docx(docx("nested.docx"), body, compression=stored)
    text = lambda name: os.path.join(out, "fuzz_text", name)
    with open(text("excerpt.txt"), "w", encoding="utf-8") as f:
        f.write(HUANGPU_TEXT)
    with open(text("excerpt-gbk.txt"), "wb") as f:
        f.write(HUANGPU_TEXT.encode("gb18030"))
    with open(text("excerpt-utf16.txt"), "wb") as f:
        f.write(HUANGPU_TEXT[:120].encode("utf-16"))
    with open(text("pipe-table.md"), "w", encoding="utf-8") as f:
        f.write(HUANGPU_MARKDOWN)


USAGE = "usage: gen_forms.py OUTDIR | --fuzz-seeds CORPUS_DIR"


def main():
    args = sys.argv[1:]
    if args in (["-h"], ["--help"]):
        print(USAGE)
        print(__doc__.split("\n\n")[0])
        return
    if len(args) == 2 and args[0] == "--fuzz-seeds":
        fuzz_seeds(args[1])
        return
    # An option it does not know is a mistake, not a folder to fill.
    if len(args) != 1 or args[0].startswith("-"):
        sys.exit(USAGE)
    out = args[0]
    os.makedirs(out, exist_ok=True)
    workbooks(out)
    documents(out)
    texts(out)
    hostile(out)


if __name__ == "__main__":
    main()
