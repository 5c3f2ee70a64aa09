#!/bin/sh
# Records the spoken prompts the kiosk plays when the system has no speech voice for the language
# (Web Speech comes first when it has one). Offline: Debian's espeak-ng speaks, oggenc compresses.
#   apt-get install espeak-ng vorbis-tools
#   resources/prompts/generate.sh          → renderer/public/prompts/{zh-CN,en}/<key>.ogg
# Re-run after changing a guidance sentence in renderer/src/i18n/ or the list in
# renderer/src/speech/prompt-keys.ts; the unit test test/unit/renderer/prompts.test.ts fails when
# a recording is missing or older than its sentence list.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/renderer/public/prompts"
command -v espeak-ng >/dev/null || { echo "espeak-ng is not installed (apt-get install espeak-ng)" >&2; exit 1; }
command -v oggenc >/dev/null || { echo "oggenc is not installed (apt-get install vorbis-tools)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root"
node --import tsx resources/prompts/export-texts.ts > "$tmp/texts.tsv"
rm -rf "$out"
mkdir -p "$out/zh-CN" "$out/en"
count=0
while IFS="$(printf '\t')" read -r locale key text; do
  case "$locale" in
    zh-CN) voice=cmn ;;
    *) voice=en-gb ;;
  esac
  # Slower than espeak's default: the people listening are often elderly.
  espeak-ng -v "$voice" -s 140 -w "$tmp/prompt.wav" "$text"
  oggenc --quiet -q 0 --resample 16000 -o "$out/$locale/$key.ogg" "$tmp/prompt.wav"
  count=$((count + 1))
done < "$tmp/texts.tsv"
cut -f1,2,3 "$tmp/texts.tsv" | sha256sum | cut -d' ' -f1 > "$out/texts.sha256"
echo "$count prompts in $out ($(du -sh "$out" | cut -f1))"
