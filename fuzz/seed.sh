#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with seed inputs for every fuzz target: the example and test
# files of the repository (data/, tests/data/), a few hand-written inputs (output formats the
# repository keeps no example of), a tiny generated OSM PBF, and, when present, small files
# from ../shared/data (optional: nothing depends on them). Files are copied at run time; the
# corpus directory is not committed. Idempotent: seeds are named `seed-*` and overwritten.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
corpus=$here/corpus
shared=${SHARED_DATA:-$root/../shared/data}

# seed TARGET FILE... : copies each existing FILE into the target's corpus.
seed() {
    local target=$1
    shift
    mkdir -p "$corpus/$target"
    local f
    for f in "$@"; do
        if [ -f "$f" ]; then
            install -m 0644 "$f" "$corpus/$target/seed-$(basename "$f")"
        fi
    done
}
# inline TARGET NAME : the seed NAME of TARGET from standard input.
inline() {
    mkdir -p "$corpus/$1"
    cat > "$corpus/$1/seed-$2"
}
# joined TARGET NAME FILE... : the files joined by NUL bytes (multi-file targets).
joined() {
    local target=$1 name=$2
    shift 2
    mkdir -p "$corpus/$target"
    local out=$corpus/$target/seed-$name first=1 f
    : > "$out"
    for f in "$@"; do
        [ "$first" = 1 ] || printf '\0' >> "$out"
        first=0
        cat "$f" >> "$out"
    done
}

d=$root/data
t=$root/tests/data

seed instance_json "$d/example_instance.json" "$d/example_homecare.json" "$d/example_c101_10.json"
seed solomon "$t/c101_10.txt"
seed vrplib "$t/c101_10.vrp"
inline vrplib c101_10.sol <<'SOL'
Route #1: 5 3 7 8 10 11 9 6 4 2 1
Cost 191.8
SOL
seed mankowska "$t/hhcrsp_tiny.txt"
seed curtois "$t/roster_tiny.txt"
seed rota_json "$d/example_rota.json"
seed scenario_json "$d/example_scenario.json"
s=$d/example_scenario
joined scenario_csv example "$s/teams.csv" "$s/staff.csv" "$s/clients.csv" "$s/visits.csv" "$s/settings.json"
joined scenario_csv example_no_settings "$s/teams.csv" "$s/staff.csv" "$s/clients.csv" "$s/visits.csv"
seed points_csv "$d/helsinki_points.csv" "$d/example_assign_clients.csv"
seed assign_json "$d/example_assign.json"
joined assign_json example_with_csv "$d/example_assign.json" "$d/example_assign_clients.csv"

# Output formats read back by the checkers (no example file in the repository).
inline plan_json example.json <<'PLAN'
{"routes": [
  {"carer": "c1", "stops": [
    {"visit": "v1", "start": 28933, "end": 30733},
    {"visit": "v4", "start": 36000, "end": 36600}],
   "breaks": [{"start": 40000, "end": 41800}]},
  {"carer": "c2", "stops": [
    {"visit": "v3", "start": 32400, "end": 33600},
    {"visit": "v2", "start": 33789.5, "end": 34689.5}]}],
 "unassigned": [
  {"visit": "v5", "reason": "time_window", "detail": ""},
  {"visit": "v6", "service": "1", "reason": "skill"}],
 "objective": {"distance": 1.5}, "status": "feasible", "seed": 1}
PLAN
inline roster_json example.json <<'ROSTER'
{"assignments": {"A": ["D", "", "D", "", "L", "L", null],
                 "B": ["", "D", "D", "D", "", "", ""],
                 "C": ["L", "L", "", "", "D", "L", "L"]},
 "objective": 607, "status": "optimal", "bound": 607, "seed": 0, "seconds": 1.2, "iterations": 0}
ROSTER
python3 - "$d/example_assign.json" "$corpus/assignment_json/seed-example.json" <<'PY'
# An assignment of every client of the example to the teams in turn.
import json, os, sys
inst = json.load(open(sys.argv[1]))
teams = [t["id"] for t in inst["teams"]]
assignment = {c["id"]: teams[i % len(teams)] for i, c in enumerate(inst["clients"])}
os.makedirs(os.path.dirname(sys.argv[2]), exist_ok=True)
json.dump({"assignment": assignment, "status": "optimal", "gap": 0}, open(sys.argv[2], "w"))
PY
inline italian tiny.json <<'ITALIAN'
{"name": "tiny", "area": [12.2, 41.7, 12.8, 42.1],
 "distances": [[0, 16, 4], [17, 0, 19], [5, 18, 0]],
 "central_offices": [{"id": "d1", "location": [12.5, 41.9]}],
 "patients": [
  {"id": "p1", "location": [12.58, 41.87], "time_window": [179.0, 239.0],
   "required_caregivers": [{"service": "s1", "duration": 30}]},
  {"id": "p2", "location": [12.51, 41.88], "time_window": [120.0, 478.99999999999994],
   "required_caregivers": [{"service": "s1", "duration": 20}, {"service": "s2", "duration": 25}],
   "synchronization": {"type": "sequential", "distance": [10, 40]}}],
 "caregivers": [{"id": "c1", "abilities": ["s1", "s2"]}, {"id": "c2", "abilities": ["s2"]}],
 "services": [{"id": "s1", "default_duration": 30}, {"id": "s2", "default_duration": 30}]}
ITALIAN

# OSM PBF: the OSMHeader blob plus a tiny data blob (nodes, a highway way, an addressed
# place), once uncompressed and once zlib-compressed, and the first two blobs of the
# Helsinki extract (its header and first data blob).
python3 - "$corpus/osm_pbf" "$d/helsinki_centre.osm.pbf" <<'PY'
import os, struct, sys, zlib

def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)

def zigzag(n):
    return (n << 1) ^ (n >> 63)

def field(num, value):
    if isinstance(value, int):
        return varint(num << 3) + varint(value)
    if isinstance(value, str):
        value = value.encode()
    return varint(num << 3 | 2) + varint(len(value)) + value

def packed(num, values, signed=False):
    return field(num, b"".join(varint(zigzag(v) if signed else v) for v in values))

def blob(kind, payload, compress):
    if compress:
        body = field(2, len(payload)) + field(3, zlib.compress(payload))
    else:
        body = field(1, payload)
    header = field(1, kind) + field(3, len(body))
    return struct.pack(">I", len(header)) + header + body

header_block = field(4, "OsmSchema-V0.6") + field(4, "DenseNodes")
strings = [b"", b"highway", b"residential", b"name", b"Tiny street", b"addr:street",
           b"addr:housenumber", b"1", b"place", b"village", b"Tiny"]
stringtable = b"".join(field(1, s) for s in strings)
lat = [601699000, 601712000, 601675000, 601660000]
lon = [249384000, 249450000, 249520000, 249400000]
dlat = [lat[0]] + [lat[i] - lat[i - 1] for i in range(1, len(lat))]
dlon = [lon[0]] + [lon[i] - lon[i - 1] for i in range(1, len(lon))]
# keys_vals: node 1 none, node 2 addr:street/addr:housenumber, node 3 place/name, node 4 none
keys_vals = [0, 5, 4, 6, 7, 0, 8, 9, 3, 10, 0, 0]
dense = packed(1, [1, 1, 1, 1], signed=True) + packed(8, dlat, signed=True) \
    + packed(9, dlon, signed=True) + packed(10, keys_vals)
way = field(1, 10) + packed(2, [1, 3]) + packed(3, [2, 4]) + packed(8, [1, 1, 1, 1], signed=True)
group = field(2, dense) + field(3, way)
block = field(1, stringtable) + field(2, group) + field(17, 100)
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for compress in (False, True):
    name = "seed-tiny-zlib.osm.pbf" if compress else "seed-tiny-raw.osm.pbf"
    with open(os.path.join(out, name), "wb") as f:
        f.write(blob("OSMHeader", header_block, compress) + blob("OSMData", block, compress))
if os.path.isfile(sys.argv[2]):
    data = open(sys.argv[2], "rb").read()
    pos = 0
    for _ in range(2):
        (hlen,) = struct.unpack(">I", data[pos:pos + 4])
        header = data[pos + 4:pos + 4 + hlen]
        # datasize is field 3 (varint) of the BlobHeader.
        i, size = 0, None
        while i < len(header):
            key = header[i]; i += 1
            if key & 7 == 2:
                n = shift = 0
                while True:
                    b = header[i]; i += 1; n |= (b & 0x7F) << shift; shift += 7
                    if b < 0x80: break
                i += n
            else:
                n = shift = 0
                while True:
                    b = header[i]; i += 1; n |= (b & 0x7F) << shift; shift += 7
                    if b < 0x80: break
                if key >> 3 == 3: size = n
        pos += 4 + hlen + size
    with open(os.path.join(out, "seed-helsinki-first-blobs.osm.pbf"), "wb") as f:
        f.write(data[:pos])
PY

# Optional: small real files from ../shared/data (skipped when absent).
if [ -d "$shared" ]; then
    seed mankowska $(ls "$shared"/hhc/mankowska2014/*.txt 2>/dev/null | head -n 3)
    seed italian $(ls -S -r "$shared"/hhc/italian_ceschia/instances/*.json 2>/dev/null | head -n 1)
fi

for dir in "$corpus"/*/; do
    printf '%-16s %3d seeds\n' "$(basename "$dir")" "$(ls "$dir" | grep -c '^seed-')"
done
