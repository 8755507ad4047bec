"""Headers on every response: nothing cached (answers carry case data or are about it),
no MIME sniffing, no referrer; and on HTML a content security policy with no script at all
and no framing (the chair's pages may also load our stylesheet and post their forms to
us). The interactive API docs (`/docs`, `/redoc`) load their script from a CDN
and start it inline, so they get a policy that allows exactly that and nothing else."""

from collections.abc import Iterable

ALWAYS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
)
NO_STORE = (b"cache-control", b"no-store")
PAGE_POLICY = (
    b"default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    b"frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
DOCS_POLICY = (
    b"default-src 'none'; script-src https://cdn.jsdelivr.net 'unsafe-inline'; "
    b"style-src https://cdn.jsdelivr.net 'unsafe-inline'; img-src https://fastapi.tiangolo.com "
    b"data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
CHAIR_POLICY = (
    b"default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    b"frame-ancestors 'none'; base-uri 'none'"
)
"""The chair's pages: our own stylesheet, forms posted to us, still no script."""
DOCS_PATHS = frozenset({"/docs", "/redoc", "/docs/oauth2-redirect"})


def with_security_headers(
    path: str, headers: Iterable[tuple[bytes, bytes]]
) -> list[tuple[bytes, bytes]]:
    out = list(headers)
    names = {name.lower() for name, _ in out}
    out.extend(ALWAYS)
    if b"cache-control" not in names:
        out.append(NO_STORE)
    content_type = next((value for name, value in out if name.lower() == b"content-type"), b"")
    if content_type.startswith(b"text/html"):
        if path in DOCS_PATHS:
            policy = DOCS_POLICY
        elif path.startswith("/v1/"):
            policy = PAGE_POLICY
        else:
            policy = CHAIR_POLICY
        out.append((b"content-security-policy", policy))
    return out
