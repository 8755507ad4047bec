"""Headers on every response: nothing cached (answers carry case data or are about it),
no MIME sniffing, no referrer; and on HTML a content security policy with no script at all
and no framing (the chair's pages may also load our stylesheet and post their forms to
us). The interactive API docs (`/docs`, `/redoc`, served whole by the app) need
script, so they get a policy that allows scripts and styles from the app itself and nothing
from anywhere else. ReDoc writes its styles inline and runs its search in a worker made from
a blob, so `/redoc` allows those too."""

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
_DOCS = (
    b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    b"connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
CHAIR_POLICY = (
    b"default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    b"frame-ancestors 'none'; base-uri 'none'"
)
"""The chair's pages: our own stylesheet, forms posted to us, still no script."""
DOCS_POLICIES = {
    "/docs": _DOCS,
    "/redoc": _DOCS.replace(b"style-src 'self'", b"style-src 'self' 'unsafe-inline'")
    + b"; worker-src blob:",
}


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
        if path in DOCS_POLICIES:
            policy = DOCS_POLICIES[path]
        elif path.startswith("/v1/"):
            policy = PAGE_POLICY
        else:
            policy = CHAIR_POLICY
        out.append((b"content-security-policy", policy))
    return out
