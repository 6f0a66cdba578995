# Source this file (`source tools/use-node.sh`) to put the Node.js this project states (.nvmrc and
# package.json engines) first on PATH. When the machine's own `node` is older, the official binary
# is installed from the npm registry (package node-linux-<arch>, published by the Node.js project)
# into ~/.cache/plugboard/node-<major> once, and reused afterwards.
_plugboard_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_plugboard_major="$(tr -dc '0-9' < "$_plugboard_root/.nvmrc")"
_plugboard_min="$(sed -n 's/.*"node": ">=\([0-9.]*\)".*/\1/p' "$_plugboard_root/package.json")"
_plugboard_ok() {
  command -v node >/dev/null 2>&1 && node -e '
    const [want, got] = [process.argv[1], process.versions.node].map((v) => v.split(".").map(Number));
    const ok = got[0] === want[0] && (got[1] > want[1] || (got[1] === want[1] && got[2] >= (want[2] ?? 0)));
    process.exit(ok ? 0 : 1);' "$_plugboard_min"
}
if ! _plugboard_ok; then
  _plugboard_dir="${XDG_CACHE_HOME:-$HOME/.cache}/plugboard/node-$_plugboard_major"
  _plugboard_arch="$(uname -m | sed 's/x86_64/x64/; s/aarch64/arm64/')"
  _plugboard_bin="$_plugboard_dir/node_modules/node-linux-$_plugboard_arch/bin"
  if [ ! -x "$_plugboard_bin/node" ] || ! PATH="$_plugboard_bin:$PATH" _plugboard_ok; then
    echo "installing Node.js $_plugboard_major (>= $_plugboard_min) into $_plugboard_dir" >&2
    mkdir -p "$_plugboard_dir"
    npm install --prefix "$_plugboard_dir" --no-audit --no-fund --no-save --loglevel=error \
      "node-linux-$_plugboard_arch@$_plugboard_major" >&2
  fi
  export PATH="$_plugboard_bin:$PATH"
  hash -r
fi
_plugboard_ok || { echo "Node.js >= $_plugboard_min (major $_plugboard_major) is needed; found $(node --version 2>/dev/null)" >&2; return 1 2>/dev/null || exit 1; }
unset -f _plugboard_ok
unset _plugboard_root _plugboard_major _plugboard_min _plugboard_dir _plugboard_arch _plugboard_bin
