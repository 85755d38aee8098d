"""The FastAPI application: routes, error answers, limits and the OpenAPI 3.0.3 document.

``create_app(settings)`` loads and compiles every profile once (an invalid one stops it with
the profile's own error); each request then reads the set in use when it started (see
``profiles.py``). Handlers run the engine in a worker thread, so the event loop keeps answering
``/healthz`` during a large batch, and a request past its time limit is answered 503 at once.
"""

from __future__ import annotations

import hmac
import os
import signal
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Final, TypeVar

import anyio
from fastapi import FastAPI, Header, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.cors import CORSMiddleware

from hotline_rules.errors import (
    HotlineRulesError,
    InputError,
    Location,
    ProfileError,
    UnofficialYearError,
)
from hotline_rules.profile.registry import ProfileNotFoundError
from hotline_rules.service import answers, models
from hotline_rules.service.check_body import CheckRoute
from hotline_rules.service.guard import Guard, dumps, error_body
from hotline_rules.service.openapi import openapi_303
from hotline_rules.service.profiles import Holder, ProfileSet, sighup_reload
from hotline_rules.service.settings import Settings

T = TypeVar("T")

API_VERSION = "1.0.0"

INLINE_BYTES = 64 << 10
"""A one-ticket request up to this size is judged on the event loop, without a thread: it takes
well under a millisecond. A larger one (a ticket with thousands of events) goes to a thread, so
it can neither stall the other requests nor outlive the timeout."""

_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": models.ErrorAnswer, "description": text}
    for status, text in (
        (400, "输入有误 / bad input (code, zh/en message, location)"),
        (404, "没有这个配置 / unknown profile"),
        (413, "请求体或批量过大 / body or batch too large"),
        (
            422,
            "请求不符合接口定义，或依赖尚无通知的年份 / request invalid, or a year no notice covers",
        ),
        (503, "超时 / timed out"),
    )
}


def status_of(exc: HotlineRulesError) -> int:
    """The HTTP status of an error the engine raised on purpose: always a 4xx."""
    if isinstance(exc, ProfileNotFoundError):
        return 404
    if isinstance(exc, UnofficialYearError | ProfileError):
        return 422
    if exc.code == "request.batch_too_large":
        return 413
    return 400


def json_response(data: Any, status: int = 200) -> Response:
    return Response(dumps(data), status_code=status, media_type="application/json")


def create_app(
    settings: Settings | None = None,
    profiles: ProfileSet | None = None,
    *,
    rolling_reload: bool = False,
) -> FastAPI:
    """The application; ``profiles`` (default: loaded from ``settings.profile_dirs``) is the set
    it starts with. ``rolling_reload``: one of several uvicorn workers, reloaded by replacing the
    workers (``server.py``) rather than in place."""
    settings = settings or Settings()
    holder = Holder(profiles or ProfileSet.load(settings.profile_dirs), settings.profile_dirs)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if rolling_reload:  # SIGHUP goes to uvicorn's supervisor, which replaces the workers
            yield
            return
        async with sighup_reload(holder):
            yield

    app = FastAPI(
        lifespan=lifespan,
        title="hotline_rules",
        version=API_VERSION,
        description=(
            "12345 热线规则引擎的 HTTP 接口：时限、工单判定、退单与延期。每个答复带 decision_id、"
            "配置版本与 sha256、日历数据版本，可据以复核。\n\n"
            "The HTTP API of hotline_rules: deadlines, verdicts on work orders, returns and "
            "extensions. Every answer carries a decision id, the profile's version and sha256 and "
            "the calendar data version, so a disputed verdict can be replayed."
        ),
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.holder = holder
    app.state.settings = settings

    def did(request: Request) -> str:
        return str(request.state.decision_id)

    def small(request: Request) -> bool:
        """Whether the body is small enough to judge on the event loop (:data:`INLINE_BYTES`)."""
        return int(getattr(request.state, "body_bytes", INLINE_BYTES + 1)) <= INLINE_BYTES

    async def work(fn: Callable[[], T], *, inline: bool = False) -> T:
        """Run ``fn``: in a worker thread (a batch: the loop keeps answering, and on timeout the
        guard answers at once, the thread's result dropped), or ``inline`` on the event loop (one
        ticket, well under a millisecond: a thread hop and the GIL's hand-over cost more, and
        under many concurrent clients far more)."""
        if inline:
            return fn()
        return await anyio.to_thread.run_sync(fn, abandon_on_cancel=True)

    # ---- errors -------------------------------------------------------------------------

    @app.exception_handler(HotlineRulesError)
    async def on_error(request: Request, exc: HotlineRulesError) -> Response:
        return Response(
            error_body(did(request), exc), status_of(exc), media_type="application/json"
        )

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, exc: RequestValidationError) -> Response:
        error = request_error(exc.errors(), exc.body)
        status = 400 if error.code == "request.json_invalid" else 422
        return Response(error_body(did(request), error), status, media_type="application/json")

    @app.exception_handler(Exception)
    async def on_bug(request: Request, exc: Exception) -> Response:
        # a bug, not bad input: logged with its traceback by uvicorn; the caller gets the id
        error = HotlineRulesError(
            "服务内部错误，已记录；请把 decision_id 告知维护人员",
            "internal error, logged; give the decision_id to the maintainers",
            code="internal.error",
        )
        return Response(error_body(did(request), error), 500, media_type="application/json")

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException) -> Response:
        error = InputError(
            f"请求无法处理（HTTP {exc.status_code}）",
            f"the request cannot be served (HTTP {exc.status_code}: {exc.detail})",
            code="request.not_found" if exc.status_code == 404 else "request.refused",
        )
        headers = dict(exc.headers or {})
        return Response(
            error_body(did(request), error),
            exc.status_code,
            headers=headers,
            media_type="application/json",
        )

    # ---- verdicts -----------------------------------------------------------------------

    async def check(body: models.CheckRequest, request: Request) -> Response:
        """一张工单（ticket）或一批（tickets）：各时限状态与发现的问题。 The same verdict as
        ``hotline-rules check --format json``; in a batch a bad ticket is a rejected record."""
        profiles, decision_id = holder.current, did(request)
        full = body.view is models.View.full
        surrogate_free = bool(getattr(request.state, "surrogate_free", False))
        if (body.ticket is None) == (body.tickets is None):
            raise InputError(
                "请给出 ticket（一张工单）或 tickets（一批），二者选一",
                "give either ticket (one) or tickets (a batch), not both nor neither",
                code="request.ticket_or_tickets",
            )
        if body.tickets is not None:
            tickets = body.tickets
            if len(tickets) > settings.max_batch:
                raise InputError(
                    f"一批最多 {settings.max_batch} 张工单，实际 {len(tickets)} 张",
                    f"a batch holds at most {settings.max_batch} tickets, got {len(tickets)}",
                    code="request.batch_too_large",
                    hint_zh="分成几批提交。",
                    hint_en="send several batches.",
                )
            return json_response(
                await work(
                    lambda: answers.check_batch(
                        profiles,
                        decision_id,
                        body.profile,
                        tickets,
                        body.as_of,
                        full=full,
                        text_checked=surrogate_free,
                    )
                )
            )
        ticket = body.ticket
        return json_response(
            await work(
                lambda: answers.check_one(
                    profiles, decision_id, body.profile, ticket, body.as_of, full=full
                ),
                inline=small(request),
            )
        )

    app.router.add_api_route(  # a batch is read in one pass: check_body.py
        "/v1/check",
        check,
        methods=["POST"],
        route_class_override=CheckRoute,
        response_model=models.CheckAnswer,
        responses=_ERRORS,
        summary="判定工单 / judge one ticket or a batch",
        tags=["tickets"],
    )

    @app.post(
        "/v1/explain",
        response_model=models.ExplainAnswer,
        responses=_ERRORS,
        summary="讲述工单 / a ticket's timeline in Chinese",
        tags=["tickets"],
    )
    async def explain(body: models.ExplainRequest, request: Request) -> Response:
        """按时间顺序讲述一张工单。 The same as ``hotline-rules explain --format json``."""
        profiles, decision_id = holder.current, did(request)
        return json_response(
            await work(
                lambda: answers.explain(
                    profiles, decision_id, body.profile, body.ticket, body.as_of
                )
            )
        )

    @app.post(
        "/v1/may-return",
        response_model=models.MayAnswer,
        responses=_ERRORS,
        summary="可否退单 / may the unit return the ticket now?",
        tags=["tickets"],
    )
    async def may_return(body: models.MayReturnRequest, request: Request) -> Response:
        """此时以此理由、材料申请退单是否允许，依据哪一条。 Allowed or not, why, and the article."""
        profiles, decision_id = holder.current, did(request)
        return json_response(
            await work(
                lambda: answers.may_return(
                    profiles,
                    decision_id,
                    body.profile,
                    body.ticket,
                    body.at,
                    body.reason,
                    body.evidence,
                )
            )
        )

    @app.post(
        "/v1/may-extend",
        response_model=models.MayAnswer,
        responses=_ERRORS,
        summary="可否延期 / may the unit ask for more time now?",
        tags=["tickets"],
    )
    async def may_extend(body: models.MayExtendRequest, request: Request) -> Response:
        """此时申请延期是否允许，截止时刻将移到何时。 Allowed or not, and the new due instant."""
        profiles, decision_id = holder.current, did(request)
        return json_response(
            await work(
                lambda: answers.may_extend(
                    profiles, decision_id, body.profile, body.ticket, body.at, body.length
                )
            )
        )

    @app.post(
        "/v1/deadline",
        response_model=models.DeadlineAnswer,
        responses=_ERRORS,
        summary="计算截止时刻 / a due instant and its derivation",
        tags=["time"],
    )
    async def deadline(body: models.DeadlineRequest, request: Request) -> Response:
        """起算时刻加期限，或按配置的时限规则。 The same as ``hotline-rules deadline --format json``."""
        profiles, decision_id = holder.current, did(request)
        return json_response(await work(lambda: answers.deadline(profiles, decision_id, body)))

    # ---- reading ------------------------------------------------------------------------

    @app.get(
        "/v1/profiles",
        response_model=models.ProfilesAnswer,
        responses=_ERRORS,
        summary="全部配置 / every profile served",
        tags=["profiles"],
    )
    async def profiles_list(request: Request) -> Response:
        """每个配置的名称、版本与 sha256。 Each profile's names, versions and sha256."""
        current = holder.current
        return json_response(
            {
                "decision_id": did(request),
                "generation": current.generation,
                "loaded_at": current.loaded_at.isoformat(),
                "profiles": [p.listing() for p in current.profiles.values()],
            }
        )

    @app.get(
        "/v1/profiles/{profile_id}",
        response_model=models.ProfileDetail,
        responses=_ERRORS,
        summary="一个配置的规则（中文）/ one profile's rules, in Chinese",
        tags=["profiles"],
    )
    async def profile_detail(
        profile_id: Annotated[str, PathParam(max_length=200)], request: Request
    ) -> Response:
        """每条规则的中文摘要与依据、版本、sha256、日历数据版本。"""
        served = holder.current.get(profile_id)
        return json_response({"decision_id": did(request), **served.detail()})

    @app.get(
        "/v1/calendar/{year}",
        response_model=models.CalendarAnswer,
        responses=_ERRORS,
        summary="一年的工作日历 / a year's working calendar",
        tags=["time"],
    )
    async def calendar(
        year: Annotated[int, PathParam(ge=1, le=9999)],
        request: Request,
        profile: Annotated[
            str | None, Query(max_length=200, description="用该配置的日历（含本地例外）")
        ] = None,
    ) -> Response:
        """每一天是否上班及原因；profile 给出时含该地的本地例外。"""
        profiles, decision_id = holder.current, did(request)
        return json_response(
            await work(lambda: answers.calendar_year(profiles, decision_id, year, profile))
        )

    @app.get("/healthz", response_model=models.Health, tags=["operations"])
    async def healthz() -> Response:
        """进程在运行。 The process is up."""
        return json_response({"status": "ok"})

    @app.get("/readyz", response_model=models.Ready, tags=["operations"])
    async def readyz() -> Response:
        """配置已加载，可以答复；含最近一次重新加载的错误。 Profiles loaded; the last reload error."""
        current = holder.current
        error = holder.last_error
        return json_response(
            {
                "status": "ready",
                "profiles": len(current.profiles),
                "generation": current.generation,
                "loaded_at": current.loaded_at.isoformat(),
                "last_reload_error": error.to_dict() if error else None,
            }
        )

    if settings.admin_token is not None:
        token = settings.admin_token.encode()

        @app.post(
            "/v1/reload",
            response_model=models.ReloadAnswer,
            responses={
                **_ERRORS,
                401: {"model": models.ErrorAnswer, "description": "令牌不对 / bad token"},
            },
            summary="重新加载配置 / reload the profiles",
            tags=["operations"],
        )
        async def reload(
            request: Request, authorization: Annotated[str | None, Header()] = None
        ) -> Response:
            """读入修改后的配置并整体替换；有错时保留原配置并返回错误。 Needs the admin bearer token."""
            given = (authorization or "").removeprefix("Bearer ").encode()
            if not (authorization or "").startswith("Bearer ") or not hmac.compare_digest(
                given, token
            ):
                error = InputError(
                    "需要管理令牌（Authorization: Bearer …）",
                    "the admin token is needed (Authorization: Bearer ...)",
                    code="request.unauthorized",
                )
                return Response(
                    error_body(did(request), error),
                    401,
                    headers={"WWW-Authenticate": "Bearer"},
                    media_type="application/json",
                )
            try:
                if rolling_reload:
                    # check the edited profiles here, then let uvicorn replace every worker
                    fresh = await anyio.to_thread.run_sync(
                        lambda: ProfileSet.load(settings.profile_dirs)
                    )
                    os.kill(os.getppid(), signal.SIGHUP)
                else:
                    fresh = await anyio.to_thread.run_sync(holder.reload)
            except HotlineRulesError as exc:  # the request was right; an edited profile is not
                return Response(error_body(did(request), exc), 422, media_type="application/json")
            return json_response(
                {
                    "decision_id": did(request),
                    "generation": fresh.generation,
                    "loaded_at": fresh.loaded_at.isoformat(),
                    "profiles": list(fresh.profiles),
                    "rolling": rolling_reload,
                }
            )

    document = openapi_303(app)
    app.state.openapi_document = document
    app.openapi = lambda: document  # type: ignore[method-assign]  # the 3.0.3 form, for every reader

    @app.get("/openapi.json", include_in_schema=False)
    async def openapi() -> Response:
        return json_response(document)

    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Authorization"],
            expose_headers=["X-Decision-Id"],
        )
    app.add_middleware(Guard, settings=settings)
    return app


_JSON_PROBLEMS_ZH: Final = {
    "Expecting value": "此处应有一个值",
    "Expecting ',' delimiter": "此处应有逗号",
    "Expecting ':' delimiter": "此处应有冒号",
    "Expecting property name enclosed in double quotes": "此处应有用双引号括起的字段名",
    "Unterminated string starting at": "字符串没有结束（缺少右引号）",
    "Invalid control character at": "字符串中有控制字符（如未转义的换行）",
    "Invalid \\escape": "无效的转义（反斜杠之后）",
    "Extra data": "JSON 之后还有多余的内容",
}
"""``json.loads``'s problems (FastAPI's ``ctx.error``), in Chinese."""


def request_error(errors: Any, body: Any = None) -> InputError:
    """A request FastAPI could not validate, as one located error (the first problem).

    Invalid JSON is located by line and column in ``body`` (the text FastAPI could not read,
    ``RequestValidationError.body``) and says what was expected there, as the CLI does for a file.
    """
    first = errors[0] if errors else {}
    kind = str(first.get("type", ""))
    loc = [str(p) for p in first.get("loc", ())]
    where = ".".join(loc[1:] if loc and loc[0] in ("body", "query", "path", "header") else loc)
    msg = str(first.get("msg", ""))
    if kind == "json_invalid":
        return _json_error(first, body)
    code, zh = {
        "missing": ("request.missing_field", "缺少必填字段"),
        "extra_forbidden": ("request.unknown_field", "不认识的字段"),
    }.get(kind, ("request.invalid", "字段的值不合要求"))
    return InputError(
        f"{zh}：{where or '请求体'}",
        f"{msg}: {where or 'body'}",
        code=code,
        location=Location(path=where or None),
    )


def _json_error(error: Mapping[str, Any], body: Any) -> InputError:
    """Invalid JSON, at its line and column when FastAPI gave the position and the text."""
    problem = str((error.get("ctx") or {}).get("error") or error.get("msg") or "")
    position = next((p for p in error.get("loc", ())[1:] if isinstance(p, int)), None)
    if position is None or not isinstance(body, str) or position > len(body):
        return InputError(
            "请求体不是有效的 JSON",
            f"the request body is not valid JSON ({problem})",
            code="request.json_invalid",
        )
    line = body.count("\n", 0, position) + 1
    column = position - (body.rfind("\n", 0, position) + 1) + 1
    problem_zh = _JSON_PROBLEMS_ZH.get(problem, problem)
    return InputError(
        f"请求体不是有效的 JSON：第 {line} 行第 {column} 列，{problem_zh}",
        f"the request body is not valid JSON: line {line}, column {column}: {problem}",
        code="request.json_invalid",
        location=Location(line=line, column=column),
    )


def read_token(path: Path) -> str:
    """The admin token: the file's text, stripped; an empty file is refused."""
    text = path.read_text(encoding="utf-8").strip()
    if not text:
        raise InputError(
            f"管理令牌文件 {path} 是空的",
            f"the admin token file {path} is empty",
            code="serve.empty_token",
        )
    return text


__all__ = ["API_VERSION", "create_app", "read_token", "request_error", "status_of"]
