"""Hostile input, by family: what an attacker or a careless editor puts in an article.

Every payload that would run calls `alert(...)`, so a browser shows a dialog if one ever gets through;
the static checks look for the markup itself.
"""

from __future__ import annotations

# Ids and names Material's and kbgen's scripts read: an element of the article carrying one of them
# would replace the real one for `getElementById`, `querySelector` or `window.<name>`.
RESERVED_IDS = (
    "__config", "__search", "__palette_0", "__palette_1", "__consent", "__drawer", "__toc",
    "__analytics", "__settings", "__md_scope", "kbgen-title", "kbgen-config", "kbgen",
    "component$", "document$",
)  # fmt: skip

_SCHEMES = (
    "javascript:alert(1)",
    "JaVaScRiPt:alert(2)",
    " javascript:alert(3)",
    "java\tscript:alert(4)",
    "&#106;avascript:alert(5)",
    "&#x6A;avascript:alert(6)",
    "&#0000106avascript:alert(7)",
    "jav&#x09;ascript:alert(8)",
    "javascript&colon;alert(9)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxMCk8L3NjcmlwdD4=",
    "DATA:text/html,<script>alert(11)</script>",
    "vbscript:msgbox(12)",
    "VbScRiPt:msgbox(13)",
)

SCRIPT = (
    "<script>alert(20)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(21)</scr</script>ipt>",
    '<script type="module">alert(22)</script>',
)
HANDLERS = (
    "<img src=x onerror=alert(30)>",
    '<img src="x" ONERROR="alert(31)">',
    "<svg onload=alert(32)>",
    "<body onload=alert(33)>",
    '<a href="#" onclick="alert(34)">click</a>',
    "<details open ontoggle=alert(35)><summary>s</summary></details>",
    "<input autofocus onfocus=alert(36)>",
    "<video><source onerror=alert(37)></video>",
    "<iframe srcdoc='<script>alert(38)</script>'></iframe>",
)
SCHEME_LINKS = tuple(
    form.format(url=url)
    for url in _SCHEMES
    for form in ("[link]({url})", '<a href="{url}">raw</a>', '<img src="{url}">', "<{url}>")
)
CLOBBERING = (
    *(
        form.format(name=name)
        for name in RESERVED_IDS
        for form in (
            '<div id="{name}">x</div>',
            '<img name="{name}" id="{name}" src="x.png">',
            "## {name} {{#{name}}}",
        )
    ),
    '<details id="__config"><summary></summary>{"base":"..","features":[],"search":'
    '"data:text/javascript;base64,c2VsZi5vbm1lc3NhZ2U9KCk9PjA=","translations":{}}</details>',
    '<form name="consent"><input name="analytics"></form>',
    '<a id="__md_scope" href="https://evil.example/">x</a>',
)
ATTRIBUTE_INJECTION = (
    '<a href="https://ok.example/" title=\'x" onmouseover="alert(40)\'>t</a>',
    '[x](https://ok.example/"onmouseover="alert(41))',
    '![x" onerror="alert(42)](x.png)',
    'Paragraph with attributes\n{: onclick="alert(43)" style="position:fixed;inset:0" }',
    '<p style="background:url(javascript:alert(44))">styled</p>',
    '<input type="text" value="fake login"><input type="image" src="x">',
    '<label for="__search">opens search</label>',
    '<div class="md-dialog md-search" data-md-component="search">fake</div>',
)
MXSS = (
    '<noscript><p title="</noscript><img src=x onerror=alert(50)>"></noscript>',
    "<svg><style><img src=x onerror=alert(51)></style></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(52)>",
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(53)>",
    "<template><img src=x onerror=alert(54)></template>",
    "<!--><img src=x onerror=alert(55)>-->",
    "<textarea></textarea><img src=x onerror=alert(56)>",
    "<xmp><img src=x onerror=alert(57)></xmp>",
    "<title><img src=x onerror=alert(58)></title>",
    '<a href="x" title="&lt;img src=x onerror=alert(59)&gt;">t</a>',
    "`<img src=x onerror=alert(60)>` and &lt;img src=x onerror=alert(61)&gt;",
)

FAMILIES = {
    "script": SCRIPT,
    "handlers": HANDLERS,
    "schemes": SCHEME_LINKS,
    "clobbering": CLOBBERING,
    "attributes": ATTRIBUTE_INJECTION,
    "mxss": MXSS,
}
# Short ones for front-matter fields (titles, summaries, tags, link and video titles, categories).
FIELD_PAYLOADS = (
    "<script>alert(70)</script>",
    "<img src=x onerror=alert(71)>",
    '"><svg onload=alert(72)>',
    "</title><script>alert(73)</script>",
    "{{ config.extra }}",
    "&lt;img src=x onerror=alert(74)&gt;",
    "__config",
    "javascript:alert(75)",
)
FIELD_URLS = (
    *_SCHEMES,
    "https://www.youtube.com/watch?v=abc\"onload='alert(76)'",
    'https://evil.example/video.mp4"><script>alert(77)</script>',
    "//evil.example/x",
)
