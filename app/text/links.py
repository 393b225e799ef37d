"""Text of the shared link and export helpers (app/page_links.py)."""

EN = {
    "figure": "figure",
    "unreadable": "This link's settings could not be read ({msg}); the page opens at its defaults.",
    "bad_value": "The link asks for {name} = {value}, which this page does not offer; "
                 "it opens with its default instead.",
    "clamped": "The link asks for {name} = {value}, outside the range this page allows; "
               "it opens at the nearest allowed value, {near}.",
    "partial": "The link asks for more than this page shows: {what}.",
    "exports": "Export: settings, data and figures",
    "json": "Settings (JSON, runs with the command line)",
    "csv": "Data (CSV)",
    "script": "Reproduction script (Python)",
    "html": "Figure as HTML: {title}",
}

ZH = {
    "figure": "图表",
    "unreadable": "无法读取此链接中的设置（{msg}）；页面以默认设置打开。",
    "bad_value": "链接要求 {name} = {value}，但本页面不提供该值；页面改用默认值打开。",
    "clamped": "链接要求 {name} = {value}，超出本页面允许的范围；已按最接近的允许值 {near} 打开。",
    "partial": "链接要求的内容超出本页面能显示的范围：{what}。",
    "exports": "导出：设置、数据与图表",
    "json": "设置（JSON，可用命令行运行）",
    "csv": "数据（CSV）",
    "script": "复现脚本（Python）",
    "html": "图表导出为 HTML：{title}",
}
