# tests/docker/docker.mk -- the Dockerfile, checked without a Docker engine
# (included by the Makefile).
#
#   make test-docker   build the image with podman from a Debian base made
#                      with debootstrap, then serve the site from the image's
#                      file system and use it (tests/docker/check.sh; root)
#
# Every step of check.sh has its own time limit; this one is the backstop.
# It runs at low priority: the image build compiles everything once more.

DOCKER_TEST_TIMEOUT ?= 3600

.PHONY: test-docker
test-docker:
	timeout -k 30 $(DOCKER_TEST_TIMEOUT) nice -n 10 tests/docker/check.sh
