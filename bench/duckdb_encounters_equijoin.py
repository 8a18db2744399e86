#!/usr/bin/env python3
"""The peer's encounter SQL (../shared/peers/peer_duckdb_encounters.py) rewritten so DuckDB can finish it at
60 M positions, giving the SAME events: only the join is written differently.

Why: the peer joins bins with `a.bin = c.bin AND c.gy BETWEEN a.gy-1 AND a.gy+1 AND c.gx BETWEEN ...`. DuckDB
hashes on `bin` alone and filters the grid afterwards, so a bin holding 400k vessel-bins makes ~10^11 candidate
pairs; at 60 M positions it did not finish in 93 CPU-minutes. Here each `a` row is repeated for the nine grid
offsets (dy, dx) in -1..1 and joined on the equality (bin, gy + dy, gx + dx). A pair (a, c) with c in a's 3x3
neighbourhood matches exactly one offset, (c.gy - a.gy, c.gx - a.gx), so the pairs are the peer's pairs, each
once, and everything after the join (distance, islands, >= 12 bins, median speed) is the peer's text unchanged.
`bench/ais_events.py --equijoin-superset` runs both on a size where the peer finishes and checks the outputs
agree, then uses this one for the superset check where the peer does not finish. The speed ratio is always
taken against the peer's own script, never against this one.

Input: positions CSV (mmsi,t,lat,lon,sog). Output: the peer's JSON lines, then a timing line on stderr.
"""
import json, sys, time
import duckdb

t0 = time.perf_counter()
con = duckdb.connect()
con.execute(f"CREATE TABLE p AS SELECT * FROM read_csv_auto('{sys.argv[1]}')")
rows = con.execute("""
WITH b AS (SELECT mmsi, floor(t/600)::BIGINT AS bin, avg(lat) lat, avg(lon) lon, median(sog) sog FROM p GROUP BY ALL),
g AS (SELECT *, floor(lat/0.01)::INT gy, floor(lon/0.01)::INT gx FROM b),
o AS (SELECT dy, dx FROM range(-1, 2) t1(dy), range(-1, 2) t2(dx)),
ga AS (SELECT g.*, g.gy + o.dy::INT ty, g.gx + o.dx::INT tx FROM g, o),
pairs AS (SELECT * FROM (
  SELECT a.mmsi m1, c.mmsi m2, a.bin, (a.sog + c.sog) / 2 sog,
    2*6371000*asin(sqrt(pow(sin(radians(c.lat-a.lat)/2),2) + cos(radians(a.lat))*cos(radians(c.lat))*pow(sin(radians(c.lon-a.lon)/2),2))) d,
    (a.lat + c.lat) / 2 lat, (a.lon + c.lon) / 2 lon
  FROM ga a JOIN g c ON a.bin = c.bin AND c.gy = a.ty AND c.gx = a.tx AND a.mmsi < c.mmsi)
  WHERE d <= 500),
isl AS (SELECT *, bin - row_number() OVER (PARTITION BY m1, m2 ORDER BY bin) grp FROM pairs)
SELECT m1, m2, min(bin)*600, (max(bin)+1)*600, avg(lat), avg(lon) FROM isl GROUP BY m1, m2, grp
HAVING count(*) >= 12 AND median(sog) < 2 ORDER BY 3""").fetchall()
dt = time.perf_counter() - t0
for m1, m2, s, e, lat, lon in rows:
    print(json.dumps({"kind": "encounter", "mmsi": [m1, m2], "start": s, "end": e, "lat": lat, "lon": lon}))
n = con.execute("SELECT count(*) FROM p").fetchone()[0]
print(f"positions={n} encounters={len(rows)} seconds={dt:.2f}", file=sys.stderr)
