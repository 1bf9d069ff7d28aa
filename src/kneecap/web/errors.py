"""How the web shell answers what went wrong: the API in JSON, pages with the app's own page.

One 404: every "not found" from a service — a record that does not exist, or one the gate
hides (another clinic's, another client's) — is answered with the same status and the same
bytes, whatever the service's message said, so the two cannot be told apart on any route.
Bad values name their fields the way the page labels them (`fields.label`).
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from kneecap.services.errors import Conflict, Forbidden, Invalid, NotFound, ServiceError
from kneecap.web.deps import (
    ApiAuthRequired,
    CsrfFailed,
    EnrolRequired,
    SignInRequired,
    optional_principal,
)
from kneecap.web.fields import describe, invalid_message
from kneecap.web.templating import render

NOT_FOUND = "That record was not found."
NO_PAGE = "There is no page at this address. Check the link, or start again from the home page."
STATUS_OF: dict[type[ServiceError], int] = {
    NotFound: 404,
    Forbidden: 403,
    Invalid: 422,
    Conflict: 409,
}
TITLES = {
    404: "Not found",
    403: "Not allowed",
    405: "Not allowed here",
    409: "Already done",
    413: "Too large",
    422: "Check the form",
}


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def page(request: Request, code: int, message: str, title: str = "") -> Response:
    return render(
        request,
        "error.html",
        optional_principal(request),
        code,
        title=title or TITLES.get(code, "Something went wrong"),
        message=message,
    )


def not_found(request: Request) -> Response:
    """The one answer for a record that is missing or hidden."""
    if is_api(request):
        return JSONResponse({"detail": NOT_FOUND}, status_code=404)
    return page(request, 404, NOT_FOUND)


def install(app: FastAPI) -> None:
    @app.exception_handler(SignInRequired)
    async def _sign_in(request: Request, exc: SignInRequired) -> Response:
        return RedirectResponse(f"/sign-in?next={request.url.path}", status_code=303)

    @app.exception_handler(ApiAuthRequired)
    async def _api_auth(request: Request, exc: ApiAuthRequired) -> Response:
        return JSONResponse(
            {"detail": "Sign in, or send a personal access token as 'Authorization: Bearer …'."},
            status_code=401,
            headers={"WWW-Authenticate": "Bearer"},
        )

    @app.exception_handler(EnrolRequired)
    async def _enrol(request: Request, exc: EnrolRequired) -> Response:
        if is_api(request):
            return JSONResponse(
                {
                    "detail": "Your clinic requires two-factor sign-in for staff. Set it up "
                    "at /settings/two-factor, then try again."
                },
                status_code=403,
            )
        return RedirectResponse("/settings/two-factor", status_code=303)

    @app.exception_handler(CsrfFailed)
    async def _csrf(request: Request, exc: CsrfFailed) -> Response:
        if is_api(request):
            return JSONResponse(
                {
                    "detail": "Missing or wrong X-CSRF-Token header for a cookie-authenticated "
                    "request; send the session's CSRF token or use a bearer token."
                },
                status_code=403,
            )
        return page(
            request,
            403,
            "This form has expired or did not come from Kneecap (missing security token). "
            "Go back, reload the page and try again.",
            "Request refused",
        )

    @app.exception_handler(ServiceError)
    async def _service(request: Request, exc: ServiceError) -> Response:
        if isinstance(exc, NotFound):
            return not_found(request)
        code = next((c for t, c in STATUS_OF.items() if isinstance(exc, t)), 400)
        errors = exc.errors if isinstance(exc, Invalid) else {}
        message = invalid_message(exc.message, errors)
        if is_api(request):
            body: dict[str, object] = {"detail": message}
            if errors:
                body["errors"] = errors
            return JSONResponse(body, status_code=code)
        return page(request, code, message)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        if any(e["loc"][:1] == ("path",) for e in exc.errors()):
            return not_found(request)  # a path id no record can have names no record
        errors = {
            ".".join(str(p) for p in e["loc"][1:]) or "body": _plain(e["msg"]) for e in exc.errors()
        }
        message = "The request is not valid: " + describe(errors)
        if is_api(request):
            return JSONResponse({"detail": message, "errors": errors}, 422)
        return page(request, 422, message)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        # No route, a method the route lacks, a body over the limit: pages get the app's
        # own page, the API keeps JSON.
        headers = dict(exc.headers or {})
        if is_api(request) or exc.status_code < 400:
            return JSONResponse({"detail": exc.detail}, exc.status_code, headers=headers)
        message = NO_PAGE if exc.status_code == 404 else str(exc.detail)
        response = page(request, exc.status_code, message)
        response.headers.update(headers)
        return response


def _plain(msg: str) -> str:
    """Pydantic's message without its jargon ("Input should be a valid integer" -> "Enter a
    whole number")."""
    swaps = {
        "Input should be a valid integer": "Enter a whole number",
        "Input should be a valid number": "Enter a number",
        "Input should be a valid date": "Enter a date as YYYY-MM-DD",
        "Input should be a valid boolean": "Answer true or false",
        "Field required": "This is required",
        "Input should be a valid string": "Enter text",
        "Input should be a valid list": "Send a list",
        "Input should be a valid dictionary": "Send an object",
    }
    return next((plain for jargon, plain in swaps.items() if msg.startswith(jargon)), msg)
