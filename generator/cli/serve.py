"""``juesuan serve``: run the upload page for a finance bureau's units (web stack imported lazily)."""
from __future__ import annotations

import sys

import click

from ..errors import ExitCode
from . import CONTEXT, main


@main.command(context_settings=CONTEXT)
@click.option("--host", default="127.0.0.1", show_default=True, metavar="地址",
              help="监听地址；让内网其他电脑访问请用 0.0.0.0。")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              metavar="端口", help="监听端口（0 表示任选一个空闲端口）。")
@click.option("--no-browser", is_flag=True, help="启动后不自动打开浏览器。")
@click.option("--keep-hours", default=24.0, show_default=True, type=click.FloatRange(min=0, min_open=True),
              metavar="小时", help="每次上传的结果保留多久（到期自动删除；停止服务时全部删除）。")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="同时审核的工作簿数（默认为 CPU 核数），其余上传排队等候。")
def serve(host: str, port: int, no_browser: bool, keep_hours: float, jobs: int | None) -> None:
    """启动网页服务：各单位用浏览器上传工作簿、查看审核结果、下载报告。

    \b
    juesuan serve                         只在本机使用（http://127.0.0.1:8000/）
    juesuan serve --host 0.0.0.0          供内网其他电脑访问（没有账号，请勿开放到互联网）
    """
    from ..web.server import serve as run

    try:
        run(host, port, open_browser=not no_browser, keep_hours=keep_hours, workers=jobs,
            echo=lambda text: click.echo(text))
    except OSError as exc:
        click.echo(f"错误：无法在 {host}:{port} 启动服务（{exc.strerror or exc}）；"
                   "端口可能已被占用，请用 --port 换一个端口。", err=True)
        sys.exit(ExitCode.UNUSABLE)
