# Convenience wrappers; the scripts are the source of truth.
.PHONY: all build run test
all: build
build:
	bash scripts/build.sh
run:
	bash scripts/run.sh
test:
	bash scripts/test.sh
