#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60), from a seed corpus made of the shipped
# files and with a dictionary of the format's words. Installs cargo-fuzz when it is missing;
# uses the nightly toolchain when there is one, else the stable one (RUSTC_BOOTSTRAP=1 lets it
# take the sanitizer's flags; its sysroot ships the AddressSanitizer runtime).
# Usage: fuzz/run.sh [SECONDS] [TARGET...]
# New inputs are kept in fuzz/corpus/TARGET (not committed); a crash is saved in
# fuzz/artifacts/TARGET and the run stops with its path and how to replay it.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(policy_toml cohort evaluate script set_vary arguments workbook reviews)

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz"
  cargo install cargo-fuzz --locked --quiet
fi
if cargo +nightly --version >/dev/null 2>&1; then
  fuzz=(cargo +nightly fuzz)
else
  export RUSTC_BOOTSTRAP=1
  fuzz=(cargo fuzz)
fi

# Seeds from the shipped files, so each target starts from inputs that reach deep.
seed() { mkdir -p "seeds/$1"; cp "${@:2}" "seeds/$1/" 2>/dev/null || true; }
rm -rf seeds
mkdir -p seeds/policy_toml
for f in ../policies/*/policy.toml ../examples/amendments/*/policy.toml ../examples/china-quality-award/policies/*/policy.toml; do
  cp "$f" "seeds/policy_toml/$(echo "$f" | tr '/.' '__')"
done
seed cohort ../examples/cohort-2024.json ../policies/wuxi-2024/tests/*.toml
seed evaluate ../examples/cohort-2024.json
mkdir -p seeds/script
for f in ../examples/scripts/*.rhai ../examples/china-quality-award/policies/*/*.rhai; do
  [ -f "$f" ] && cp "$f" "seeds/script/$(basename "$f")"
done
printf 'scale <= params.industry_rank_limit || profit <= params.industry_rank_limit' > seeds/script/ranks.rhai
mkdir -p seeds/set_vary
i=0
for a in tiers.award.quota=6 stages.site.weight=0.45 params.industry_rank_limit=5 \
         'params.allowed_org_forms=["legal_person"]' conditions.art10.3.enabled=false \
         tiers.award.quota=1..10:1 stages.site.weight=0.40..0.60:0.05 publicity.days=7..14:7; do
  printf '%s' "$a" > "seeds/set_vary/$i"; i=$((i + 1))
done
# Workbooks: the sample cohort and an empty template, as qaward writes them.
mkdir -p seeds/workbook
if [ -x ../target/debug/qaward ]; then qaward=(../target/debug/qaward); else qaward=(cargo run --quiet --manifest-path ../Cargo.toml --); fi
"${qaward[@]}" template --policies ../policies --from ../examples/cohort-2024.json --format xlsx --out seeds/workbook/sample.xlsx
"${qaward[@]}" template --policies ../policies --format xlsx --out seeds/workbook/empty.xlsx
# Reviews: the sample's JSON and the same as a workbook's reviewer sheets.
seed reviews ../examples/reviews/reviews-2024.json
"${qaward[@]}" template --policies ../policies --from ../examples/reviews/cohort-2024.json \
  --reviews ../examples/reviews/reviews-2024.json --format xlsx --out seeds/reviews/book.xlsx
mkdir -p seeds/arguments
i=0
for line in 'eval examples/cohort-2024.json --format json' '--lang en --as-of 2024-09-01 policies' \
            'sweep c.json --vary tiers.award.quota=1..10:1 --vary stages.site.weight=0.4..0.6:0.05' \
            'whatif c.json --set tiers.award.quota=6' 'test --min-coverage 100' \
            'stability c.json --noise 5 --trials 100' 'diff wuxi-2017 wuxi-2024@HEAD --format md'; do
  printf '%s' "$line" | tr ' ' '\0' > "seeds/arguments/$i"; i=$((i + 1))
done

mkdir -p logs
# Built first, so that a target that does not compile is not mistaken for a crash.
for t in "${targets[@]}"; do
  if ! "${fuzz[@]}" build "$t" > "logs/$t.build.log" 2>&1; then
    grep -E -A12 '^error' "logs/$t.build.log" | head -n 60 || tail -n 40 "logs/$t.build.log"
    echo "$t: the fuzz target does not build (above): fix the code in fuzz/fuzz_targets/"
    exit 1
  fi
done
for t in "${targets[@]}"; do
  mkdir -p "corpus/$t"
  echo "== $t: $seconds s"
  if ! "${fuzz[@]}" run "$t" "corpus/$t" "seeds/$t" -- \
      -max_total_time="$seconds" -dict="dict/$t.dict" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 > "logs/$t.log" 2>&1; then
    tail -n 60 "logs/$t.log"
    echo "$t: the fuzzer stopped on a crash (above); replay it with"
    echo "  ${fuzz[*]} run $t fuzz/artifacts/$t/<file>"
    exit 1
  fi
  grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)' "logs/$t.log" || tail -n 5 "logs/$t.log"
done
