"""A corpus of hostile markup: script tags, event handlers, dangerous URLs, SVG and MathML tricks,
and broken markup, each placed in the spots a comment's Markdown offers; and the check that what
the site renders of them is inert."""

from bs4 import BeautifulSoup

from plainly.discussion.markup import ALLOWED_TAGS

SAFE_SCHEMES = ("http://", "https://", "mailto:")


def assert_inert(html: str) -> None:
    """Only the subset's tags, no attribute but a safe link, and no script anywhere."""
    for element in BeautifulSoup(html, "html.parser").find_all(True):
        assert element.name in ALLOWED_TAGS, element
        allowed = {"href", "rel"} if element.name == "a" else set()
        assert set(element.attrs) <= allowed, element
        if element.name == "a" and "href" in element.attrs:
            assert element["href"].lower().startswith(SAFE_SCHEMES), element
            assert element["rel"] == ["nofollow", "ugc", "noopener"], element


VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<script>window.pwned=1</script>",
    "<img src=x onerror=alert(1)>",
    '<img src=x onerror="window.pwned=1">',
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<svg><a xlink:href="javascript:alert(1)"><text x=20 y=20>XSS</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math href="javascript:alert(1)">CLICK</math>',
    "<math><maction actiontype=statusline xlink:href=javascript:alert(1)>X</maction></math>",
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    '<a href=" javascript:alert(1)">click</a>',
    '<a href="data:text/html,<script>alert(1)</script>">click</a>',
    '<a href="vbscript:msgbox(1)">click</a>',
    "<a href=x onmouseover=alert(1)>hover</a>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>@import 'javascript:alert(1)';</style>",
    "<link rel=stylesheet href=javascript:alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<input autofocus onfocus=alert(1)>",
    "<select autofocus onfocus=alert(1)>",
    "<textarea autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<form action=javascript:alert(1)><button>go</button></form>",
    '<base href="javascript:alert(1)//">',
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>alert(1)//<</script>",
    '<img """><script>alert(1)</script>">',
    '<p title="</p><script>alert(1)</script>">x</p>',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    "<isindex type=image src=1 onerror=alert(1)>",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
]

# Each vector set in the places the Markdown subset gives it.
PLACES = [
    "{}",
    "Before {} after",
    "*{}*",
    "> {}",
    "- {}",
    "[link text]({})",
    "[{}](https://example.org)",
    "<{}>",
]


def payloads() -> list[str]:
    return [place.format(vector) for vector in VECTORS for place in PLACES]
