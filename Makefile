# The two commands: `make run` and `make test`. Each installs what it needs first.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: run test bench bench-window bench-window-cold package package-test fuzz crash screenshots setup-run setup-test ui app bindings lint fmt test-rust test-ui test-e2e

## Open Switchboard on the embedded SQLite database in your data folder.
run: setup-run app
	./target/debug/switchboard-start

## Every test: Rust (domain, store on SQLite and PostgreSQL, app, CLI), UI, end to end.
test: setup-test ui lint test-rust test-ui app test-e2e package-test

## The benchmark: 1,000,000 tickets; figures beside raw SQL, kept in BENCHMARKS.md.
## TICKETS=20000 for a quick run (which leaves BENCHMARKS.md alone).
bench:
	cargo build --release -p sb-cli
	cargo run --release -p sb-bench -- --tickets $${TICKETS:-1000000}
	@if [ -z "$${TICKETS:-}" ]; then \
	  { echo "# Benchmarks"; echo; echo "Made by \`make bench\` on the project's machine (2 cores, 24 GiB)."; echo; \
	    cat target/bench/latest.md; } > BENCHMARKS.md; echo "bench: BENCHMARKS.md updated"; fi

## What a person feels: the release window on 1,000,000 tickets under Xvfb (start, click to
## card, search keystroke to results, scrolling, memory at rest); figures to BENCHMARKS.md.
## TICKETS=20000 SB_BENCH_WINDOW_IDLE=30 for a quick run (which leaves BENCHMARKS.md alone).
bench-window: setup-test
	scripts/bench-window.sh

## Cold starts alone (the page cache dropped before each), in turn: the window's program alone
## without the last start's pages read ahead, alone with them, and started by switchboard-start
## (sb_start); SB_BENCH_WINDOW_COLD=12 starts by default.
bench-window-cold: setup-test
	scripts/bench-window.sh cold

## The installable package: a .deb (Tauri's bundler) with the window, its menu entry and icons,
## and the sb command; its path is printed last.
package: setup-run
	scripts/package.sh

## The package installed on this machine (apt install ./switchboard_*.deb), started under
## Xvfb from /usr/bin and removed again. Needs root. In `make test` it packs the debug build
## (SB_PACKAGE_PROFILE=release for the release one).
package-test: setup-test
	SB_PACKAGE_PROFILE=$${SB_PACKAGE_PROFILE:-debug} scripts/package-test.sh

## Fuzzing the parsers of what strangers send: each target FUZZ_SECONDS (default 600) on the
## nightly toolchain; the figures go to RELIABILITY.md. `FUZZ_TARGETS="mail html"` for some.
fuzz:
	scripts/fuzz.sh

## Hard stops: RUNS kills (default 100) of the background processes and commands under load,
## on SQLite and on PostgreSQL; checked for lost and doubled writes; figures to RELIABILITY.md.
crash: setup-test
	scripts/crash.sh

## The README's pictures: the demo workspace in the real window (light and dark), into docs/.
screenshots: setup-test app
	scripts/screenshots.sh

setup-run:
	scripts/setup.sh run

setup-test:
	scripts/setup.sh test

ui:
	cd ui && npm run build

# sb too: the end-to-end tests change tickets with it behind the window's back; and
# switchboard-start, how the desktop starts the window.
app: ui
	cargo build -p switchboard -p sb-cli -p sb-start

## Regenerate ui/src/lib/backend/bindings.ts from the Rust DTOs.
bindings:
	SB_UPDATE_BINDINGS=1 cargo test -p sb-app --test bindings

lint: ui
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo deny check licenses bans sources
	cd ui && npm run typecheck && npm run lint

fmt:
	cargo fmt --all

# --workspace includes the desktop shell, which embeds the built UI. Inside a kernel keyring
# session: mailbox passwords go to the OS keychain, which a headless machine has only so.
test-rust: ui
	keyctl session - cargo test --workspace

test-ui:
	cd ui && npm test

test-e2e:
	scripts/e2e.sh
