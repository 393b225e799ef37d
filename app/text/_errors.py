"""The core's validation messages in Chinese.

The core (``optim_core``) raises ``ValueError`` with one English line that names the field
and what is allowed; the command line prints it as it is. A page in Chinese shows it
through :func:`app.text.t`, which translates it here: each entry is the English sentence
pattern (``{name}`` matches any text) and its Chinese, with the same names. Field names,
values and lists of allowed keys are kept as they are (they are JSON). A part named
``inner`` is itself a message and is translated in turn.

``tests/test_zh_errors.py`` collects the messages the core really raises for bad input
and checks that every one is matched here.
"""
from __future__ import annotations

import re
from functools import lru_cache

PATTERNS: tuple[tuple[str, str], ...] = (
    # wrappers: a field before a message of its own
    ("{field}: {inner}", "{field}：{inner}"),
    # specs.py: the one validation style
    ("{field} must be a number in [{low}, {high}], got {got}",
     "{field} 必须是 [{low}, {high}] 内的数，收到的是 {got}"),
    ("{field} must be a finite number in [{low}, {high}], got {got}",
     "{field} 必须是 [{low}, {high}] 内的有限数，收到的是 {got}"),
    ("{field} must be an integer in [{low}, {high}], got {got}",
     "{field} 必须是 [{low}, {high}] 内的整数，收到的是 {got}"),
    ("{field} must be an integer in [{low}, {high}] (an index into optimizers), got {got}",
     "{field} 必须是 [{low}, {high}] 内的整数（optimizers 的序号），收到的是 {got}"),
    ("{field} must be a pair of numbers in [{low}, {high}], got {got}",
     "{field} 必须是一对 [{low}, {high}] 内的数，收到的是 {got}"),
    ("{field} must be true or false, got {got}", "{field} 必须是 true 或 false，收到的是 {got}"),
    ("{field} must be one of {allowed}; got {got}", "{field} 只能取 {allowed} 之一，收到的是 {got}"),
    ("{field} must be one of the optimizers ({allowed}); got {got}",
     "{field} 必须是所选优化器之一（{allowed}），收到的是 {got}"),
    ("{field} is not a parameter here; allowed: {allowed}",
     "这里没有参数 {field}；可用的参数：{allowed}"),
    ("{field} is not a field here; allowed: {allowed}", "这里没有字段 {field}；可用的字段：{allowed}"),
    ("{field} is not a field; allowed: {allowed}", "没有字段 {field}；可用的字段：{allowed}"),
    ("{field} is not a configuration field; allowed: {allowed}",
     "配置里没有字段 {field}；可用的字段：{allowed}"),
    ("{field} must map parameter names to values; got {got}",
     "{field} 必须把参数名映射到取值，收到的是 {got}"),
    ("{field} must be four numbers [xmin, xmax, ymin, ymax]; got {got}",
     "{field} 必须是四个数 [xmin, xmax, ymin, ymax]，收到的是 {got}"),
    ("{field} must satisfy xmin < xmax and ymin < ymax; got {got}",
     "{field} 必须满足 xmin < xmax 且 ymin < ymax，收到的是 {got}"),
    # links (app/urlstate.py)
    ("the link's configuration is not readable", "链接里的配置无法读取"),
    ("the link's configuration is nested too deeply", "链接里的配置嵌套太深"),
    ("the link's configuration is not an object", "链接里的配置不是一个对象"),
    # the configurations
    ("the configuration must be a JSON object, got {got}", "配置必须是一个 JSON 对象，收到的是 {got}"),
    ("the JSON is nested too deeply", "JSON 嵌套太深"),
    ("malformed JSON at line {line} column {col}: {why}", "JSON 格式有误：第 {line} 行第 {col} 列"),
    ("{field} must be an object with a 'name', got {got}",
     "{field} 必须是带 'name' 的对象，收到的是 {got}"),
    ("{field} must be an object, got {got}", "{field} 必须是一个对象，收到的是 {got}"),
    ("{field} must be an object", "{field} 必须是一个对象"),
    ("{field} must be an object of name: value", "{field} 必须是“名称: 取值”形式的对象"),
    ("{field} must be an object {obj}", "{field} 必须是对象 {obj}"),
    ("{field} must be a string, got {got}", "{field} 必须是文本，收到的是 {got}"),
    ("{field} must be a list, got {got}", "{field} 必须是列表，收到的是 {got}"),
    ("{field} must be a list of {what} objects", "{field} 必须是 {what} 对象的列表"),
    ("{field} must list 1 to {most} entries, got {got}", "{field} 必须列出 1 到 {most} 项，收到 {got} 项"),
    ("{field} must list 1 to {most} entries", "{field} 必须列出 1 到 {most} 项"),
    ("{field} must list 1 to {most} optimizers; got {got}",
     "{field} 必须列出 1 到 {most} 个优化器，收到的是 {got}"),
    ("{field} must list 1 to {most} optimizer keys", "{field} 必须列出 1 到 {most} 个优化器"),
    ("{field} must not repeat a key", "{field} 里不能有重复的优化器"),
    ("{field} must list 1 to {most} points [x, y]; got {got}",
     "{field} 必须列出 1 到 {most} 个点 [x, y]，收到的是 {got}"),
    ("{field} must be a point [x, y], got {got}", "{field} 必须是一个点 [x, y]，收到的是 {got}"),
    ("{field} must list 1 to {most} noise levels; got {got}",
     "{field} 必须列出 1 到 {most} 个噪声强度，收到的是 {got}"),
    ("{field} must list 1 to {most} values", "{field} 必须列出 1 到 {most} 个取值"),
    ("{field} must be [optimizer, param, [values]], got {got}",
     "{field} 必须是 [优化器, 参数, [取值]]，收到的是 {got}"),
    ("{field} must be a list of [optimizer, param, [values]]",
     "{field} 必须是 [优化器, 参数, [取值]] 的列表"),
    ("{field} has a second grid already", "{field} 已经有第二个网格了"),
    ("{field}: {opt} has a second grid already", "{field}：{opt} 已经有第二个网格了"),
    ("{field} must be below {other}; got {got}", "{field} 必须小于 {other}，收到的是 {got}"),
    ("{field} must be at most {other}; got {got}", "{field} 不能大于 {other}，收到的是 {got}"),
    ("{field} must be a positive number, got {got}", "{field} 必须是正数，收到的是 {got}"),
    ("{field} must be in [{low}, {high}], got {got}", "{field} 必须在 [{low}, {high}] 内，收到的是 {got}"),
    ("{field} must be a whole number >= 1, got {got}", "{field} 必须是不小于 1 的整数，收到的是 {got}"),
    ("{field} must be float64 or float32, got {got}", "{field} 必须是 float64 或 float32，收到的是 {got}"),
    ("surface_params do not apply to a formula", "公式曲面不接受 surface_params"),
    ("bounds apply only to a formula surface", "只有公式曲面才能设置 bounds"),
    ("{field} does not apply to a formula (give one of formula or surface)",
     "{field} 不适用于公式（formula 和 surface 只给一个）"),
    (("surface must be an analytic surface here (a surface learned from data is not supported);"
     " got {got}"), "这里的 surface 必须是解析曲面（不支持由数据学到的曲面），收到的是 {got}"),
    ("{key} is not a data surface", "{key} 不是由数据学到的曲面"),
    # work limits
    ("optimizers x starts x steps must be at most {most}{when}; got {got}",
     "优化器数 × 起点数 × 步数不能超过 {most}{when}，收到的是 {got}"),
    (("optimizers x starts x steps must be at most {most} on this surface (each point costs "
     "{cost} points of an analytic surface); got {got}"),
     ("在这个曲面上，优化器数 × 起点数 × 步数不能超过 {most}（每个点的计算量相当于解析曲面的 "
     "{cost} 个点），收到的是 {got}")),
    (("resolution^2 x optimizers x steps must be at most {most}; got {got} (fewer starts, steps"
     " or optimizers)"), "分辨率² × 优化器数 × 步数不能超过 {most}，收到的是 {got}（请减少起点、步数或优化器）"),
    ("optimizers x rates x steps must be at most {most}; got {got}",
     "优化器数 × 学习率个数 × 步数不能超过 {most}，收到的是 {got}"),
    ("optimizers x settings must be at most {most}, got {got}",
     "优化器数 × 设置数不能超过 {most}，收到的是 {got}"),
    ("optimizers x settings x runs x (steps + 1) must be at most {most}; got {got}",
     "优化器数 × 设置数 × 运行次数 × (步数 + 1) 不能超过 {most}，收到的是 {got}"),
    ("starts x seeds must be at most {most}, got {got}", "起点数 × 种子数不能超过 {most}，收到的是 {got}"),
    ("seeds > 1 needs noise > 0 (without noise every seed runs the same path)",
     "seeds > 1 时需要 noise > 0（没有噪声时，每个种子走的路径都一样）"),
    (("second: every optimizer's grid must have the same number of values (equal budget); "
     "got {got}"), "second：每个优化器的网格取值个数必须相同（预算相等），收到的是 {got}"),
    (("noise levels x seeds x steps x 4 runs must be at most {most} on this surface; got {got}"
     " (at most {seeds} seeds here)"),
     ("在这个曲面上，噪声强度数 × 种子数 × 步数 × 4 次运行不能超过 {most}，收到的是 {got}"
     "（这里最多 {seeds} 个种子）")),
    (("the output would be about {size} MB of JSON; at most {most} MB (fewer optimizers, starts"
     " or steps)"), "输出约为 {size} MB 的 JSON；最多 {most} MB（请减少优化器、起点或步数）"),
    (("optimizers: {names} run as their own torch.optim loops (about 1 ms a step): at most "
     "{most} of their steps per simulation (steps x starts, or steps alone for a batched one);"
     " got {got}"),
     ("optimizers：{names} 以各自的 torch.optim 循环运行（每步约 1 ms）：每次模拟最多 {most} 步"
     "（步数 × 起点数；可批量运行的只算步数），收到的是 {got}")),
    # data and batches
    ("batch_size applies only to a surface learned from data ({data}); use 0 here",
     "batch_size 只适用于由数据学到的曲面（{data}）；这里请用 0"),
    ("batch_size must be at most the number of data points ({n}), got {got}",
     "batch_size 不能超过数据点数（{n}），收到的是 {got}"),
    ("batch_size must be at most the number of data points ({n}) when drop_last is on; got {got}",
     "开启 drop_last 时，batch_size 不能超过数据点数（{n}），收到的是 {got}"),
    ("drop_last leaves no batch", "开启 drop_last 后一个批次也不剩"),
    ("net.drop_last leaves no batch", "开启 net.drop_last 后一个批次也不剩"),
    ("net.batch_size must be at most the training points ({n}); got {got}",
     "net.batch_size 不能超过训练点数（{n}），收到的是 {got}"),
    (("net.batch_size: batch norm needs at least 2 points in every batch; {n} training points in"
     " batches of {b} leave one alone (another batch size, or drop_last on)"),
     ("net.batch_size：批量归一化要求每个批次至少 2 个点；{n} 个训练点按每批 {b} 个分，最后会剩下"
     "单独一个（换一个批次大小，或开启 drop_last）")),
    (("tuning and the tuned race are {work} weight-samples; at most {most}, about 25 s: at "
      "most {n} tuning epochs here (fewer rates, optimizers or epochs)"),
     ("调参训练和调参后的比赛的计算量共 {work} 个“权重 × 样本”；最多 {most}，约 25 秒：此处最多 {n} "
      "轮调参训练（请减少学习率个数、优化器或轮数）")),
    ("training is {work} weight-samples ({how}); at most {most}, about 25 s: {rest}",
     "这次训练的计算量是 {work} 个“权重 × 样本”（{how}）；最多 {most}，约 25 秒：{rest}"),
    (("the weights kept for the landscape views would take {size} MB; at most {most} MB (fewer"
     " optimizers or epochs, a narrower or shallower net)"),
     "为损失地形保存的权重将占 {size} MB；最多 {most} MB（请减少优化器或轮数，或用更窄、更浅的网络）"),
    ("a network configuration is {shape}", "网络配置的形式是 {shape}"),
    ("data must be one of {allowed}; got {got}", "data 只能取 {allowed} 之一，收到的是 {got}"),
    # the Deep-networks page's snapshot ensembles (optim_core.deep.DeepConfig.check_snapshots)
    ("snap_epochs must be a multiple of snap_cycles ({c}); got {got}",
     "snap_epochs 必须是 snap_cycles（{c}）的整数倍，收到的是 {got}"),
    (("snap_batch must be at most the {n} training points (n minus the validation share); "
     "got {got}"), "snap_batch 最多为 {n} 个训练点（n 减去验证部分），收到的是 {got}"),
    (("2 runs x snap_epochs x updates per epoch must be at most {most}; got {got} (use fewer "
     "epochs or a larger batch)"),
     "2 次训练 × snap_epochs × 每轮更新次数最多为 {most}，收到的是 {got}（请减少轮数或增大批次）"),
    # formulas
    ("formula must be text, got {got}", "公式必须是文本，收到的是 {got}"),
    ("formula is empty: type an expression in x and y, e.g. x**2 - y**2",
     "公式是空的：请输入一个关于 x 和 y 的表达式，例如 x**2 - y**2"),
    ("formula is empty: type an expression in {names}", "公式是空的：请输入一个关于 {names} 的表达式"),
    ("formula is {n} characters long; at most {most} allowed", "公式有 {n} 个字符；最多 {most} 个"),
    ("formula has {n} parts; at most {most} allowed", "公式有 {n} 个部分；最多 {most} 个"),
    ("{inner} at column {col}: {snippet}", "第 {col} 列（{snippet}）：{inner}"),
    ("{why} at column {col}: {snippet}", "公式第 {col} 列的写法无法解析：{snippet}"),
    ("only plain ASCII characters are allowed, not {ch}", "只能用普通 ASCII 字符，不能用 {ch}"),
    ("nesting deeper than {n} levels", "嵌套超过了 {n} 层"),
    ("only numbers may appear as constants", "常量只能是数字"),
    ("unknown name {name} (use {names}, pi, e or a function: {fns})",
     "不认识的名字 {name}（可用 {names}、pi、e，或函数：{fns}）"),
    ("only these functions may be called: {fns}", "只能调用这些函数：{fns}"),
    ("functions take plain arguments only", "函数只接受普通参数"),
    ("{fn} takes {n} argument", "{fn} 需要 {n} 个参数"),
    ("{fn} takes {n} arguments", "{fn} 需要 {n} 个参数"),
    ("only + - * / ** and unary minus are allowed", "只能用 + - * / ** 和负号"),
    ("{what} is not allowed in a formula", "公式里不能用 {what}"),
    ("the expression ends too early at column {col}: {snippet}",
     "表达式在第 {col} 列提前结束了：{snippet}"),
    # schedules
    ("{field} must be a list of 1 to {most} pieces {shape}, got {got}",
     "{field} 必须是 1 到 {most} 段 {shape} 的列表，收到的是 {got}"),
    (("{field} must list {n} step(s) for {m} pieces (where each piece after the first starts);"
     " got {got}"), "{m} 段调度的 {field} 必须列出 {n} 个步数（第一段之后每段开始的位置），收到 {got} 个"),
    ("{field} must be distinct steps; got {got}", "{field} 里的步数不能重复，收到的是 {got}"),
    ("{field} must be a list of {least} to {most} steps in [1, 100000], got {got}",
     "{field} 必须是 {least} 到 {most} 个 [1, 100000] 内的步数，收到的是 {got}"),
    (("schedule {key} follows the loss of a run: use it on an optimizer in a simulation, where its"
     " rates are recorded"), "调度 {key} 跟随一次运行的损失：请在模拟中把它用在某个优化器上，学习率会被记录下来"),
    ("{field}: the factor at t = {t} is {v}; it must be finite and >= 0",
     "{field}：t = {t} 时的系数是 {v}；它必须是有限数且 >= 0"),
    (("{field}: the rate at step {t} is {rate}; every rate must be finite (lower lr or the "
     "schedule's factors)"), ("{field}：第 {t} 步的学习率是 {rate}；每一步的学习率都必须是有限数"
     "（请调低 lr 或调度的系数）")),
    (("the reproduction script does not cover the schedule {key} yet (typed and composite "
     "schedules); covered: {allowed}"), "复现脚本暂不支持调度 {key}（自定义公式和组合调度）；支持的有：{allowed}"),
    ("the range test needs 0 < lr_min < lr_max <= 100 and 10 to 5000 iterations",
     "学习率范围测试要求 0 < lr_min < lr_max <= 100，迭代 10 到 5000 次"),
    ("n must be an integer in [2, {most}], got {got}", "n 必须是 [2, {most}] 内的整数，收到的是 {got}"),
    ("grid size must be in [2, {most}], got {got}", "网格大小必须在 [2, {most}] 内，收到的是 {got}"),
)


def _regex(english: str) -> re.Pattern:
    parts = re.split(r"\{(\w+)\}", english)
    out = []
    for i, part in enumerate(parts):
        out.append(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)")
    return re.compile("".join(out) + r"\Z", re.DOTALL)


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[re.Pattern, str], ...]:
    # a message around a message first (its inner part must match in turn), then the
    # longer English first: the most specific pattern wins
    ordered = sorted(PATTERNS, key=lambda p: ("{inner}" not in p[0],
                                              -len(re.sub(r"\{\w+\}", "", p[0]))))
    return tuple((_regex(en), zh) for en, zh in ordered)


def to_zh(message: str, depth: int = 0) -> str | None:
    """The Chinese of one core message, or None if no pattern matches it."""
    for regex, zh in _compiled():
        m = regex.match(message)
        if m is None:
            continue
        parts = m.groupdict()
        if "inner" in parts:
            inner = to_zh(parts["inner"], depth + 1) if depth < 4 else None
            if inner is None:
                continue
            parts["inner"] = inner
        return zh.format(**parts)
    return None


def message_zh(message: str) -> str:
    """A message for a Chinese page: its Chinese (the English when no pattern knows it)."""
    return to_zh(message) or message
