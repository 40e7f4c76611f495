#!/usr/bin/env bash
# The test command of the README: installs what the tests need, then runs them.
# System packages (LibreOffice for the PDF and .xls tests, the free simplified-Chinese faces the
# PDF sets the official fonts in, poppler, Chromium for the browser test of the web page) come from apt-get
# when they are missing and apt-get is usable; without them those tests skip (except under CI=true).
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES="libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-noto-cjk fonts-noto-cjk-extra fonts-arphic-ukai"
PACKAGES="$PACKAGES python3-uno"  # the long-lived LibreOffice of the PDFs, driven over UNO (generator/office.py)
PACKAGES="$PACKAGES libreoffice-script-provider-python"  # the 目录 numbered inside LibreOffice (generator/office_toc.py)
PACKAGES="$PACKAGES fonts-liberation2"  # Liberation Serif: the PDF's face for Latin text and digits
PACKAGES="$PACKAGES chromium chromium-driver"  # the browser test of juesuan serve (Selenium)
if command -v dpkg >/dev/null 2>&1 && ! dpkg -s $PACKAGES >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null
  else
    echo "提示：未安装 $PACKAGES，相关测试将跳过（需 root 权限用 apt-get 安装）。" >&2
  fi
fi

# Python packages: exactly the versions of requirements.lock (hashes checked), then the project itself
# without resolving again. JUESUAN_NEWEST=1 instead takes the newest releases pyproject.toml allows
# (how to try a refresh of the lock before committing it; see docs/development.md).
if [ "${JUESUAN_NEWEST:-}" = 1 ]; then
  python -m pip install -q --upgrade --upgrade-strategy eager -e '.[test]'
else
  python -m pip install -q --require-hashes -r requirements.lock
  python -m pip install -q --no-deps --no-build-isolation -e .
fi
python -m ruff check generator tests templates bench inputs scripts
python -m pytest -q "$@"
