#!/bin/sh
# silver-batches.sh POOL.tsv OUTDIR [NBATCHES] — draws the statements to be
# annotated (docs/LABELLING.md) from `citectx silver pool` output and writes
# annotation batches with expert-labelled rows of train.tsv mixed in blind.
#
# Sampling (deterministic: every order is a SHA3 of the item's key):
#  * no statement of a paper in train.tsv; the target marker occurs once in
#    a citing sentence of 40-1200 characters;
#  * strata by what the citing sentence says, first match wins:
#    C1 strong contrast cues (in contrast, unlike, inconsistent, differ, ...)
#    C2 weak contrast cues (however, although, but, while, did not, ...)
#    A  agreement cues (consistent, similar, confirm, in line, ...)
#    U  the shipped model's label is not mentioning, or its confidence < 0.6
#    R  the rest
#  * at most 3 statements of one article per stratum; discussion and
#    results (section classes 2, 3) get most of each cue stratum's quota.
# Gold: 200 contrasting, 220 supporting, 220 mentioning rows of train.tsv
# (the guideline's examples excluded), spread evenly over the batches.
#
# A later round: SEED=x (other orders), SCALE=P (P% of the quotas, gold
# included) and EXCLUDE=FILE (the keys already annotated: data/silver
# batch files) draw new statements the same way.
#
# Writes OUTDIR/guideline.txt and OUTDIR/batch-NN.txt (what the annotator
# reads), and PRIVATE/manifest.tsv (which item is which, with the gold
# labels: kept out of the annotators' folder; PRIVATE defaults to
# OUTDIR.private).
set -eu
POOL=$1
OUT=$2
NB=${3:-24}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TRAIN=${TRAIN:-$ROOT/../shared/data/citation-sentiment/train.tsv}
PRIVATE=${PRIVATE:-$OUT.private}
SEED=${SEED:-}
SCALE=${SCALE:-100}
EXCLUDE=${EXCLUDE:-/dev/null}
mkdir -p "$OUT" "$PRIVATE"
DB=$PRIVATE/sample.db
rm -f "$DB"
# the guideline's example ids
grep -o '^| PMC[0-9]*_C[0-9]* ' "$ROOT/docs/LABELLING.md" | tr -d '| ' >"$PRIVATE/examples.ids"
sqlite3 "$DB" <<SQL
.mode ascii
.separator "\t" "\n"
.import $POOL pool
.import $TRAIN gold
CREATE TABLE ex(id TEXT);
.import $PRIVATE/examples.ids ex
CREATE TABLE done(pmcid TEXT, key TEXT, marker TEXT, label TEXT, batch TEXT, guideline TEXT);
.import $EXCLUDE done
CREATE TABLE p AS SELECT *, lower(sentence) AS ls,
  CASE WHEN section_class IN (2, 3) THEN 'dr' ELSE 'o' END AS sec
  FROM pool
  WHERE pmcid NOT IN (SELECT pmcid FROM gold) AND marker <> ''
    AND instr(sentence, marker) > 0
    AND instr(substr(sentence, instr(sentence, marker) + length(marker)), marker) = 0
    AND length(sentence) BETWEEN 40 AND 1200
    AND NOT EXISTS (SELECT 1 FROM done d WHERE d.pmcid = pool.pmcid
                    AND d.key = pool.key AND d.marker = pool.marker);
ALTER TABLE p ADD COLUMN stratum TEXT;
UPDATE p SET stratum = CASE
  WHEN ls LIKE '%in contrast%' OR ls LIKE '%contrary%' OR ls LIKE '%unlike%'
    OR ls LIKE '%inconsistent%' OR ls LIKE '%not consistent%'
    OR ls LIKE '%differ%' OR ls LIKE '%conflict%' OR ls LIKE '%contradict%'
    OR ls LIKE '%disagree%' OR ls LIKE '%discrepan%' OR ls LIKE '%opposite%'
    OR ls LIKE '%failed to%' OR ls LIKE '%not confirm%'
    OR ls LIKE '%whereas%' OR ls LIKE '%than %report%'
    OR ls LIKE '%than %previous%' OR ls LIKE '%than those%'
    OR ls LIKE '%not support%' OR ls LIKE '%not in line%'
    OR ls LIKE '%not in agreement%' OR ls LIKE '%controvers%'
    OR ls LIKE '%not similar%' OR ls LIKE '%not replicate%'
    OR ls LIKE '%in disagreement%' OR ls LIKE '%not observe%'
    OR ls LIKE '%not find%' OR ls LIKE '%not found%' THEN 'C1'
  WHEN ls LIKE '%however%' OR ls LIKE '%although%' OR ls LIKE '% but %'
    OR ls LIKE '%while %' OR ls LIKE '%did not%' OR ls LIKE '%no significant%'
    OR ls LIKE '%despite%' OR ls LIKE '%than %' OR ls LIKE '%nevertheless%'
    OR ls LIKE '%not %' THEN 'C2'
  WHEN ls LIKE '%consistent%' OR ls LIKE '%similar%' OR ls LIKE '%agree%'
    OR ls LIKE '%confirm%' OR ls LIKE '%in line%' OR ls LIKE '%accordance%'
    OR ls LIKE '%support%' OR ls LIKE '%concordant%' OR ls LIKE '%corroborat%'
    OR ls LIKE '%replicat%' OR ls LIKE '%comparable%' OR ls LIKE '%in keeping%'
    OR ls LIKE '%concur%' OR ls LIKE '%also found%' OR ls LIKE '%also report%'
    OR ls LIKE '%also show%' OR ls LIKE '%as reported%' THEN 'A'
  WHEN type <> 'mentioning' OR confidence < 0.6 THEN 'U'
  ELSE 'R' END;
CREATE TABLE quota(stratum TEXT, sec TEXT, n INT);
INSERT INTO quota VALUES('C1','dr',2900),('C1','o',400),('C2','dr',2000),
  ('C2','o',300),('A','dr',2300),('A','o',400),('U','dr',500),('U','o',300),
  ('R','dr',300),('R','o',600);
UPDATE quota SET n = n * $SCALE / 100;
CREATE TABLE pick AS SELECT * FROM (
  SELECT q.*, row_number() OVER (PARTITION BY q.stratum, q.sec
                                 ORDER BY hex(sha3(q.key || q.marker || 'rank$SEED'))) AS rb
  FROM (SELECT *, row_number() OVER (PARTITION BY pmcid, stratum
                                     ORDER BY hex(sha3(key || marker || 'art$SEED'))) AS ra
        FROM p) q WHERE q.ra <= 3) x
  JOIN quota USING (stratum, sec) WHERE x.rb <= quota.n;
CREATE TABLE g AS SELECT * FROM (
  SELECT *, row_number() OVER (PARTITION BY label ORDER BY hex(sha3(id || 'gold$SEED'))) AS rg
  FROM gold WHERE id NOT IN (SELECT id FROM ex) AND instr(sentence, marker) > 0)
  WHERE (label = 'contrasting' AND rg <= 200 * $SCALE / 100)
     OR (label = 'supporting' AND rg <= 220 * $SCALE / 100)
     OR (label = 'mentioning' AND rg <= 220 * $SCALE / 100);
CREATE TABLE items AS
  SELECT 'silver' AS kind, pmcid, key, marker, '' AS gold_id, '' AS gold_label,
         stratum, section, before, sentence, after,
         hex(sha3(key || marker || 'batch$SEED')) AS h FROM pick
  UNION ALL
  SELECT 'gold', pmcid, '', marker, id, label, 'gold', '', '', sentence, '',
         hex(sha3(id || 'batch$SEED')) FROM g;
CREATE TABLE b AS SELECT *, (row_number() OVER (PARTITION BY kind ORDER BY h) - 1) % $NB AS batch
  FROM items;
CREATE TABLE numbered AS SELECT *, row_number() OVER (PARTITION BY batch ORDER BY hex(sha3(h || 'in'))) AS item FROM b;
SQL
sqlite3 -separator "$(printf '\t')" "$DB" "SELECT batch, item, kind, pmcid, key, marker, gold_id, gold_label, stratum FROM numbered ORDER BY batch, item" |
	awk 'BEGIN{print "batch\titem\tkind\tpmcid\tkey\tmarker\tgold_id\tgold_label\tstratum"} {print}' >"$PRIVATE/manifest.tsv"
i=0
while [ "$i" -lt "$NB" ]; do
	f=$(printf '%s/batch-%02d.txt' "$OUT" "$i")
	sqlite3 "$DB" "SELECT '### item ' || item || char(10) ||
	  'section: ' || CASE WHEN section = '' THEN '(unknown)' ELSE section END || char(10) ||
	  'before: ' || CASE WHEN before = '' THEN '(none)' ELSE before END || char(10) ||
	  'sentence: ' || substr(sentence, 1, instr(sentence, marker) - 1) || '<<' || marker || '>>' ||
	    substr(sentence, instr(sentence, marker) + length(marker)) || char(10) ||
	  'after: ' || CASE WHEN after = '' OR after = ' ' THEN '(none)' ELSE after END || char(10)
	  FROM numbered WHERE batch = $i ORDER BY item" >"$f"
	i=$((i + 1))
done
# the guideline as the annotator reads it: the page, with each example's
# sentence (target marked) drawn from train.tsv
{
	sed -n '/^## The task/,/^## Examples/p' "$ROOT/docs/LABELLING.md" | sed '$d'
	echo "## Examples"
	echo
	sqlite3 "$DB" "SELECT '[' || gold.label || '] ' || substr(sentence, 1, instr(sentence, marker) - 1) || '<<' || marker || '>>' || substr(sentence, instr(sentence, marker) + length(marker))
	  FROM ex JOIN gold USING (id) ORDER BY gold.label, ex.rowid"
	echo
	sed -n '/^## Output/,$p' "$ROOT/docs/LABELLING.md"
} >"$OUT/guideline.txt"
sqlite3 "$DB" "SELECT stratum, sec, count(*), count(DISTINCT pmcid) FROM pick GROUP BY 1, 2; SELECT 'articles', count(DISTINCT pmcid) FROM pick; SELECT 'gold', label, count(*) FROM g GROUP BY 2;" >&2
