# yibao — the two commands in the README, and a few helpers.
#   make run    install what is missing, build, migrate, start on SQLite (var/), print the URL
#   make test   install what is missing, build with sanitizers, run every test (ctest)
#   make bench  the settlement benchmark (bench/run, docs/PERFORMANCE.md); not a test
#   make fuzz   the libFuzzer targets for FUZZ_SECONDS each (tests/fuzz/run)

SHELL := /bin/bash
BUILD_RUN  := build/release
BUILD_TEST := build/test
YIBAO      := $(BUILD_RUN)/src/yibao
JOBS       ?= $(shell nproc)

.PHONY: run test bench fuzz deps web build build-test clean

deps:
	@scripts/install-deps

# The web app (web/): rebuilt when a source is newer than web/dist/index.html.
WEB_SOURCES = web/index.html web/console web/src web/package-lock.json web/vite.config.ts

web: deps
	@if [[ ! -f web/dist/index.html || -n "$$(find $(WEB_SOURCES) -newer web/dist/index.html -print -quit 2>/dev/null)" ]]; then \
	  echo "web: building web/dist"; cd web && npm run build --silent; \
	fi

build: deps web
	@cmake -S . -B $(BUILD_RUN) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DYIBAO_TESTS=OFF >/dev/null
	@cmake --build $(BUILD_RUN) -j $(JOBS)

run: build
	@mkdir -p var
	@$(YIBAO) migrate
	@$(YIBAO) seed-demo
	@exec $(YIBAO) serve --banner --demo-clock

# The test build is the sanitizer build (ASan + UBSan) with warnings as errors.
build-test: deps web
	@cmake -S . -B $(BUILD_TEST) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DYIBAO_SANITIZE=ON -DYIBAO_WERROR=ON >/dev/null
	@cmake --build $(BUILD_TEST) -j $(JOBS)

test: build-test
	@cd $(BUILD_TEST) && ctest --output-on-failure --timeout 600 -j $(JOBS)

# Speed targets live here, never in timed tests: figures against ceilings of the same run.
bench:
	@bench/run

# The libFuzzer targets (tests/fuzz) for a long run: FUZZ_SECONDS each (make test runs 60 s each).
FUZZ_SECONDS ?= 600
fuzz: deps
	@tests/fuzz/run all $(FUZZ_SECONDS)

clean:
	rm -rf build
