#!/usr/bin/env bash
# Distil the shipped NER model (the teacher, training/ner.cfg) into the small student of
# training/ner_student.cfg, seed 0 (see training/README.md: a candidate, not shipped yet):
#   1. the teacher: the shipped model as it is, or retrained with --teacher-retrain (37 minutes);
#   2. its silver labels of modern text (about a minute; reads the pinned repositories);
#   3. the student, on CoNLL-2003 train and the silver labels (about 14 minutes).
# Usage: bash training/distil_model.sh WORK_DIR [--teacher-retrain]
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:?usage: distil_model.sh WORK_DIR [--teacher-retrain]}
mkdir -p "$work"
teacher=analysis/data/ner
if [ "${2:-}" = "--teacher-retrain" ]; then
  python training/train_ner.py --out "$work/teacher" --seed 0
  teacher=$work/teacher
fi
python training/silver_news.py --teacher "$teacher" --out "$work/silver.spacy" --seed 0
python training/train_ner.py --config training/ner_student.cfg --extra "$work/silver.spacy" \
  --out "$work/student" --seed 0
