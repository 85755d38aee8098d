"""``serve``: the HTTP service (FastAPI on uvicorn; needs the ``[server]`` extra)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Annotated

import typer

from hotline_rules.cli.common import EXIT_BAD_INPUT, Format, app, fail, shown
from hotline_rules.errors import HotlineRulesError

_MISSING_ZH = (
    "错误 [serve.extra_missing]：HTTP 服务需要可选依赖 [server]（FastAPI、uvicorn），当前未安装：{names}\n"
    '  处理办法：pip install "hotline-rules[server]"'
)
_MISSING_EN = (
    "error [serve.extra_missing]: the HTTP service needs the [server] extra (FastAPI, uvicorn), "
    "which is not installed: {names}\n"
    '  how to fix: pip install "hotline-rules[server]"'
)


@app.command("serve")
def serve_cmd(
    host: Annotated[
        str, typer.Option("--host", help="监听地址（默认只对本机）/ address to bind")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口 / port", min=1, max=65535)] = 8345,
    workers: Annotated[
        int, typer.Option("--workers", help="进程数 / worker processes", min=1, max=64)
    ] = 1,
    profiles: Annotated[
        list[Path] | None,
        typer.Option(
            "--profiles",
            help="配置目录（先于内置配置查找，可多次给出）/ profile directory, searched first",
            exists=True,
            file_okay=False,
        ),
    ] = None,
    admin_token_file: Annotated[
        Path | None,
        typer.Option(
            "--admin-token-file",
            help="管理令牌文件；给出后才开放 POST /v1/reload / enables POST /v1/reload",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    cors_origin: Annotated[
        list[str] | None,
        typer.Option("--cors-origin", help="允许跨域调用的来源（默认不允许）/ CORS origin"),
    ] = None,
    max_body_bytes: Annotated[
        int, typer.Option("--max-body-bytes", help="请求体上限 / body size limit", min=1024)
    ] = 8 << 20,
    max_batch: Annotated[
        int, typer.Option("--max-batch", help="一批工单上限 / batch size limit", min=1)
    ] = 5_000,
    timeout: Annotated[
        float, typer.Option("--timeout", help="单个请求时限（秒）/ request timeout, s", min=0.1)
    ] = 30.0,
) -> None:
    """启动 HTTP 服务（docs/en/service.md）。 Serve the HTTP API until stopped; SIGHUP reloads profiles."""
    missing = [m for m in ("fastapi", "uvicorn") if importlib.util.find_spec(m) is None]
    if missing:
        names = ", ".join(missing)
        typer.echo(_MISSING_ZH.format(names=names), err=True)
        typer.echo(_MISSING_EN.format(names=names), err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    from hotline_rules.service.app import read_token
    from hotline_rules.service.server import serve
    from hotline_rules.service.settings import Settings

    try:
        settings = Settings(
            profile_dirs=tuple(profiles or ()),
            max_body_bytes=max_body_bytes,
            max_batch=max_batch,
            timeout_s=timeout,
            cors_origins=tuple(cors_origin or ()),
            admin_token=read_token(admin_token_file) if admin_token_file else None,
        )
        typer.echo(
            shown(f"hotline-rules serve: http://{host}:{port} (OpenAPI: /openapi.json)"), err=True
        )
        serve(settings, host=host, port=port, workers=workers, token_file=admin_token_file)
    except HotlineRulesError as exc:
        fail(exc, Format.text)


__all__: list[str] = []
