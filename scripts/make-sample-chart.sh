#!/bin/sh
# Draws the chart of the fictional sample article manuscript/harbor-gauge/
# (the highest water each month; invented figures) with ImageMagick.
# Run from the repository root: sh scripts/make-sample-chart.sh
set -eu
out=manuscript/harbor-gauge/images/high-water-chart.png
mvg=$(mktemp)
trap 'rm -f "$mvg"' EXIT
W=1800 H=1050 X0=170 Y0=900 BAR=190 GAP=80
{
  echo "font DejaVu-Sans"
  echo "fill #111111 font-size 46 text $X0,100 'Highest water each month, cm above datum (fictional)'"
  echo "stroke #111111 stroke-width 3 line $X0,$Y0 $((W - 60)),$Y0 stroke none"
  i=0
  for pair in Oct:212 Nov:238 Dec:301 Jan:344 Feb:362; do
    month=${pair%%:*} value=${pair##*:}
    x=$((X0 + GAP + i * (BAR + GAP)))
    top=$((Y0 - value * 2))
    echo "fill #2f5d7c rectangle $x,$top $((x + BAR)),$Y0"
    echo "fill #111111 font-size 42 text $((x + 52)),$((Y0 + 60)) '$month'"
    echo "fill #111111 font-size 40 text $((x + 58)),$((top - 20)) '$value'"
    i=$((i + 1))
  done
  # The barrier's design height, 350 cm (invented), as a dashed line.
  line=$((Y0 - 350 * 2))
  echo "stroke #b03a2e stroke-width 5 stroke-dasharray 26 16 fill none line $X0,$line $((W - 60)),$line"
  echo "stroke none stroke-dasharray none fill #b03a2e font-size 38 text $((X0 + 10)),$((line + 55)) 'Barrier design height, 350 cm'"
} > "$mvg"
mv "$mvg" "$mvg.mvg"; mvg="$mvg.mvg"
convert -size ${W}x${H} xc:white "mvg:$mvg" -flatten -depth 8 -strip -define png:exclude-chunks=date,time "$out"
echo "wrote $out"
