#!/bin/sh
# Leave-classes-out without bias: for each fold, a classifier trained without
# its 3 classes (so its backbone never saw them), and the features of every
# served crop under it (train.py --features-out). novelty.py --honest-dir then
# fits each fold's unknown-model detector on that fold's training split and
# measures refusal on all photos of the held-out models.
#
#   sh training/identifier/honest_folds.sh [fold ...]     (a fold: "a,b,c")
#
# CROPS: the served-crop cache (extracted when missing, as npm run
# crops:identifier does; run from the repository root), OUT: where the fold
# caches go, EPOCHS: per fold (fewer than the shipped model's 28: each epoch
# takes 30-90 s on 2 CPUs, so this figure is, if anything, pessimistic).
set -eu
CROPS=${CROPS:-/tmp/carvalue-crops}
OUT=${OUT:-/tmp/carvalue-lco}
EPOCHS=${EPOCHS:-10}
PYTHON=${PYTHON:-/usr/bin/python3}
HERE=$(dirname "$0")
if [ ! -f "$CROPS/crops.u8" ]; then
  echo "no served crops in $CROPS: extracting them (~4 min)"
  npm run build --silent && node dist/scripts/extract-features.js --crops --out "$CROPS"
fi
[ $# -gt 0 ] || set -- chevroulet_aveo,megane,toyota_corolla seat_ibiza,logan,duster octavia,picanto,Golf
for fold in "$@"; do
  name=$(echo "$fold" | tr ',' '-')
  echo "fold $fold -> $OUT/$name"
  "$PYTHON" "$HERE/train.py" --crops "$CROPS" --exclude-classes "$fold" --epochs "$EPOCHS" --features-out "$OUT/$name"
done
echo "now: $PYTHON $HERE/novelty.py --honest-dir $OUT   (or npm run calibrate:identifier)"
