---@meta pevcheck
-- pevcheck 规则接口的类型定义（LuaLS / lua-language-server）。
-- Type definitions of the pevcheck rule API for lua-language-server, so VS Code
-- and Neovim complete and type-check rules.  The repository's .luarc.json points
-- here; for rules kept elsewhere add this folder to "workspace.library".
-- Nothing here runs: pevcheck provides these functions itself.

---精确小数（金额、分值）。与 Lua 数字比较大小可以直接用 < <= > >=；
---判断相等请用 d:eq(x)：`d == 9.5` 永远为 false（Lua 只在两边都是 Decimal 时调用 __eq）。
---An exact decimal.  Compare with a Lua number using < <= > >=, but test
---equality with d:eq(x): `d == 9.5` is always false.
---@class Decimal
---@operator add(Decimal|number|string): Decimal
---@operator sub(Decimal|number|string): Decimal
---@operator mul(Decimal|number|string): Decimal
---@operator div(Decimal|number|string): Decimal
---@operator unm: Decimal
---@operator concat(string): string
local Decimal = {}
---四舍五入到 places 位小数（默认 0）。Round half away from zero.
---@param places? integer
---@return Decimal
function Decimal:round(places) end
---与另一个数是否相等（可以是 Lua 数字）。Equal by value (9.5 equals 9.50).
---@param other Decimal|number|string
---@return boolean
function Decimal:eq(other) end
---书写时的小数位数（"99.9" 为 1）。The decimal places it was written with.
---@return integer
function Decimal:places() end
---转为 Lua 浮点数（仅用于显示或粗略计算）。
---@return number
function Decimal:tonumber() end

---@alias Number Decimal|number

---@class Deduction
---@field points? Decimal 扣分
---@field reason? string 扣分原因
---@field fix? string 改进措施

---表格中空着的格（键写了、值为空：score: 或 score: ~）：{字段名 = true}。
---pevcheck 已就每一格报告一次 pev.blank，值本身为 nil。
---The blank cells of a form row: {field = true}; the value itself is nil.
---@alias BlankCells table<string, boolean>

---@class Indicator
---@field name string 指标名称
---@field path string 指标路径（名称用 / 连接），如 "管理效率/资产管理"
---@field max? Decimal 满分
---@field score? Decimal 自评得分（没有印得分或空着时为 nil）
---@field children? Indicator[] 下级指标
---@field deductions? Deduction[] 报告所列扣分
---@field note? string 备注
---@field blank? BlankCells 空着的格，如 {score = true}

---@class Target
---@field name string 指标名称
---@field indicator? string 所属评分指标路径
---@field target any 目标值（原文）
---@field actual? Decimal|string 实际完成值（数字或定性词）
---@field unit? string 计量单位
---@field points? Decimal 分值
---@field score? Decimal 自评得分
---@field status? "met"|"not_met"|"unassessable" 自评状态
---@field reason? string 偏差原因
---@field op? ">="|"<="|">"|"<"|"=" 比较符（由引擎解析）
---@field goal? Decimal 目标数值（由引擎解析）
---@field goal_unit? string 目标值中的单位
---@field goal_word? string 定性目标（如 达成）
---@field actual_unit? string 实际值中的单位
---@field actual_word? string 定性的实际值
---@field actual_converted? Decimal 换算到目标货币单位的实际值
---@field met? boolean 是否达成（由引擎计算；无法判断时为 nil）
---@field units_agree? boolean 目标与实际单位是否一致
---@field blank? BlankCells 空着的格，如 {actual = true, score = true}

---自评表“项目资金”栏的一行：年初预算数、全年预算数、全年执行数；年度资金总额一行还有
---分值、执行率（百分数）、得分。A row of the 自评表's funds block.
---@class FundsRow
---@field initial? Decimal 年初预算数
---@field planned? Decimal 全年预算数
---@field executed? Decimal 全年执行数
---@field max? Decimal 分值（年度资金总额一行）
---@field rate? Decimal 执行率，百分数（年度资金总额一行）
---@field score? Decimal 得分（年度资金总额一行）
---@field blank? BlankCells 空着的格

---@class Funds
---@field total? FundsRow 年度资金总额
---@field fiscal? FundsRow 其中：当年财政拨款
---@field carried? FundsRow 上年结转资金
---@field other? FundsRow 其他资金

---@class BudgetItem
---@field name string 名称
---@field initial? Decimal 年初预算数
---@field planned? Decimal 预算数（调整后）
---@field executed? Decimal 执行数

---@class Budget
---@field currency string 货币单位，默认 万元
---@field initial? Decimal 年初预算数（只印了 funds 时取自 funds.total）
---@field planned? Decimal 全年预算数（只印了 funds 时取自 funds.total）
---@field executed? Decimal 全年执行数（只印了 funds 时取自 funds.total）
---@field execution_rate? Decimal 报告所写的执行率（百分数，如 99.9）
---@field opening_balance? Decimal 年初结转结余
---@field sources? table<string, Decimal> 按资金来源
---@field nature? table<string, Decimal> 按支出性质
---@field carryover? Decimal 年末结转和结余
---@field returned? Decimal 财政收回等
---@field funds? Funds 自评表“项目资金”栏，按资金来源分行
---@field items? BudgetItem[] 预算明细
---@field items_partial? boolean 明细只列了部分项目
---@field adjustment_reason? string 年中调整预算的原因
---@field blank? BlankCells 空着的格

---@class Scores
---@field total? Decimal 总分
---@field grade? string 等级（选填：国家自评表没有等级一栏）
---@field indicators Indicator[] 指标树
---@field blank? BlankCells 空着的格，如 {total = true}

---只读的报告。The report, read-only.
---@class Report
---@field pev integer
---@field kind "department"|"project"
---@field unit string 单位
---@field year integer 年度
---@field project? string 项目名称
---@field department? string 主管部门（写了时 unit 是实施单位）
---@field framework? string 报告顶层写的 framework:（原样）；pevcheck 选定的评分框架用 framework() 读
---@field budget? Budget
---@field scores? Scores
---@field targets? Target[]
---@field facts? table<string, any> 事实记录

---@class RuleDeclaration
---@field id string 规则编号：小写字母、数字和点，如 "dept.asset.registration-late"
---@field title string 标题
---@field severity "error"|"warning"|"info" 级别
---@field kinds ("department"|"project")[]|"department"|"project" 适用的报告类型
---@field concept? string 核验内容，如 "资产登记"：各报告的评分框架把它对应到自己的指标（与 indicator 二选一）
---@field indicator? string 固定的指标路径，如 "管理效率/资产管理"（与 concept 二选一）
---@field needs? string[]|table<string, string> 所需数据：数据路径的列表，或 {数据路径 = 说明}；缺少任何一项时规则不运行，指标“未能核验”
---@field policy string 政策原文
---@field reference? string 政策依据（文件名称和文号）
---@field years? {from?: integer, until?: integer} 适用年度
---@field check fun(r: Report) 检查函数：每份报告调用一次

---声明一条规则（只能在规则文件顶层调用）。Declare a rule.
---@param declaration RuleDeclaration
function rule(declaration) end

---声明规则参数并返回它们（只读）；pevcheck explain 会列出参数和行尾注释。
---@generic T: table
---@param values T
---@return T
function params(values) end

---报告一项发现。at 是报告中的一项（如 r.budget）或数据路径文字，field 是其中的字段名或序号。
---Report a finding at a node of the report (and one of its fields).
---@param message string
---@param at? table|string
---@param field? string|integer
---@overload fun(spec: {message: string, at?: table|string, field?: string|integer, severity?: "error"|"warning"|"info"})
function finding(message, at, field) end

---从规则的指标扣分（也是一项发现）：concept 由报告的评分框架对应到指标，或 indicator 的固定路径。
---报告的评分表中没有这个指标时不扣分，照样按规则的级别报告这条发现，写明“应扣 x 分，但……，未扣分”。
---Deduct points from the rule's indicator; without one in the report the finding stays and says nothing was deducted.
---@param points Number
---@param reason string
---@param at? table|string
---@param field? string|integer
---@overload fun(spec: {points: Number, reason: string, indicator?: string, at?: table|string, field?: string|integer})
function deduct(points, reason, at, field) end

---设定指标的计算得分（公式计分，如 预算执行率 × 分值）。Set a formula score.
---@param score Number
---@param note? string
---@overload fun(spec: {score: Number, note?: string, indicator?: string})
function set_score(score, note) end

---本次无法核验规则的指标（数据缺失）：该指标保持“未核验”，原因显示在评分表中该指标下面。
---This run could not check the rule's indicator; the reason is shown under it.
---@param reason? string 缺的是什么数据，如“报告没有 facts.asset_changes”
function unverified(reason) end

---转为 Decimal（数字、数字文字或 Decimal）。
---@param x Number|string
---@return Decimal
function dec(x) end
---@param x any
---@return boolean
function is_decimal(x) end
---四舍五入（半数远离零）。
---@param x Number
---@param places? integer 默认 0
---@return Decimal
function round(x, places) end
---a ÷ b，四舍五入到 places 位（默认 12）；b 为 0 时返回 nil。
---@param a Number
---@param b Number
---@param places? integer
---@return Decimal?
function ratio(a, b, places) end
---a ÷ b × 100，四舍五入到 places 位（默认 10）；b 为 0 时返回 nil。
---@param a Number
---@param b Number
---@param places? integer
---@return Decimal?
function percent(a, b, places) end
---列表中数字之和（或每项 field 字段之和）及个数；非数字跳过。
---@param list table
---@param field? string
---@return Decimal sum
---@return integer count
function sum(list, field) end
---exact 按 printed 的小数位数四舍五入后是否等于 printed；并返回舍入后的值。
---@param printed Number
---@param exact Number
---@return boolean same
---@return Decimal rounded
function same_at_precision(printed, exact) end
---两个 YYYY-MM-DD 日期相差的天数（to − from）。
---@param from string
---@param to string
---@return integer
function days_between(from, to) end
---是否为有效的 YYYY-MM-DD 日期。
---@param s any
---@return boolean
function is_date(s) end
---保留 places 位小数的文字（默认 2）：fixed(312.6, 2) 为 "312.60"。
---@param x Number
---@param places? integer
---@return string
function fixed(x, places) end
---总分对应的等级（规则集 ruleset.yaml 的分数段）。
---@param total Number
---@return string?
function grade_for(total) end
---报告中的指标（完整路径，或唯一的末段名称），没有时为 nil。
---不写 path：本规则的指标（concept 经评分框架对应到的，或 indicator 所写的）。
---@param path? string
---@return Indicator?
function indicator(path) end
---报告中是否有这个指标；不写 path：是否有本规则的指标。
---@param path? string
---@return boolean
function has_indicator(path) end

---一项绩效指标和它在 r.targets 中的序号。A target and its number in r.targets.
---@class TargetEntry
---@field target Target 绩效指标（只读）
---@field index integer 在 r.targets 中的序号（从 1 起）

---同一评分指标下的绩效指标。The targets that belong to one indicator.
---@class TargetGroup
---@field path string 评分指标的完整路径
---@field indicator Indicator 评分指标（只读，同 indicator(path)）
---@field targets TargetEntry[] 按在报告中出现的顺序

---绩效指标按所属评分指标（indicator 字段）分组，按各组第一次出现的顺序；第二个返回值是所属
---指标在评分表中不存在（或末段名称不唯一）的绩效指标。没写 indicator 的不在其中。每次调用
---返回新表，规则可以改动；其中的绩效指标和评分指标是只读的。
---The report's targets grouped by their indicator, and those whose indicator the table lacks.
---@return TargetGroup[] groups
---@return TargetEntry[] unknown
function targets_by_indicator() end

---评分框架中的一个指标。An indicator of a scoring framework.
---@class FrameworkIndicator
---@field name string 名称
---@field path string 路径，如 "过程/预算执行/预算完成率"
---@field max? Decimal 满分（框架印了分值时）
---@field method? "formula"|"deduction"|"bands"|"targets"|"judgement" 计分方法
---@field scoring? string 框架所印的评分标准文字
---@field aliases string[] 其他印法
---@field children FrameworkIndicator[] 下级指标

---pevcheck 为这份报告选定的评分框架（只读）。The scoring framework of the report.
---@class Framework
---@field name string 名称，如 "履职效能-管理效率"
---@field title? string 标题
---@field kind? "department"|"project" 适用的报告类型
---@field source? string 出处（政策文件）
---@field chosen_by "option"|"report"|"detected"|"default" 怎样选定
---@field rate_includes_opening_balance boolean 执行率的分母是否加上年初结转结余
---@field rate_uses_received_funds boolean 执行率的分母是否为实际到位资金（budget.received）
---@field indicators FrameworkIndicator[] 指标树

---这份报告的评分框架（只读）；没有适用的框架时为 nil。在 check 里调用（在文件顶层调用时没有报告，为 nil）。
---@return Framework?
function framework() end
---同一单位上一年度的报告（只读）：取自报告的 previous: 路径，或一同检查的文件中同一单位、
---上一年度的那份；没有时为 nil。用于历史动态比较（同比）。
---The same unit's report for the year before, read-only, or nil.
---@return Report?
function previous() end
