# Norrsken: the two commands a new machine needs are `make run` and `make test`.
# Both install their Debian packages first (scripts/install-deps), so each works alone.

JOBS ?= 2
BUILD := build
TEST_BUILD := build-test
DEMO_DIR := demo

.PHONY: all deps build run test test-build e2e-deps bench format clean

all: build

deps:
	@scripts/install-deps

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j$(JOBS)

# A fresh demo database and key file in demo/ each time (one user per role; their one-time
# passwords are printed), then the web server on http://127.0.0.1:8080/.
run: build
	rm -rf $(DEMO_DIR) && mkdir -p $(DEMO_DIR)
	cd $(DEMO_DIR) && ../$(BUILD)/norrsken --db norrsken.db demo
	cd $(DEMO_DIR) && exec ../$(BUILD)/norrsken --db norrsken.db serve

# ASan + UBSan build with clang (needed for the libFuzzer targets), then every test
# through CTest: unit, CLI, fuzz (bounded), HTTP and browser.
test-build: deps
	CC=clang cmake -S . -B $(TEST_BUILD) -DCMAKE_BUILD_TYPE=Debug -DNRS_SANITIZE=ON \
		-DNRS_FUZZ=ON >/dev/null
	cmake --build $(TEST_BUILD) -j$(JOBS)

# Browser-test packages (playwright-core, axe-core) from the npm registry; Chromium itself
# comes from Debian (install-deps), never from a download.
e2e-deps:
	cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error

test: test-build e2e-deps
	@scripts/check-source
	cd $(TEST_BUILD) && ctest --output-on-failure -j$(JOBS)

# The benchmarks of DESIGN §9, every bench/*.sh in turn against the release build: the case
# page (bench/case-page.sh) and the annual report (bench/annual-report.sh, whose first run makes
# the national data set in bench/out/, a couple of minutes). Results go to docs/performance.md.
bench: build
	@for b in bench/*.sh; do [ -f "$$b" ] && sh "$$b" || true; done

format:
	clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c')

clean:
	rm -rf $(BUILD) $(TEST_BUILD)
