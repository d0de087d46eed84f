# The mock ONLYOFFICE portal (GET /api/2.0/crm/invoice/filter, POST /api/2.0/authentication), for teams that test
# from another language. Build from the repository's root; tests/packaging/test_dockerfile.py runs both stages'
# steps and the command outside Docker.
#
#   docker build -t onlyoffice-mock-portal .
#   docker run --rm -p 127.0.0.1:8080:8080 onlyoffice-mock-portal                 # token: mock-portal-token
#   docker run --rm -p 127.0.0.1:8080:8080 -e TOKEN=secret onlyoffice-mock-portal --invoices 5000 --error-share 0.1
#
# `-p 127.0.0.1:8080:8080` publishes the port on this machine's loopback only; a bare `-p 8080:8080` would publish
# it on every interface of the host. TOKEN, INVOICES, SEED and DATA set the defaults; flags after the image name
# are the command's own (`onlyoffice-mock-portal --help`).
#
# Two stages (Docker's multi-stage build): the first builds the kit's wheel from the build context with the locked
# pip and setuptools; the second installs that wheel and the [mock] extra's locked dependencies (hashes checked) and
# receives nothing else: the wheel and the locks are mounted for that one step, not copied, so no file of the build
# context is in any layer of the image. The base image is python:3.11-slim pinned by the digest of its
# multi-platform index, as docker-library/repo-info records it (repos/python/remote/3.11-slim.md: Python 3.11.15 on
# Debian trixie); Dependabot proposes newer digests (.github/dependabot.yml).
FROM python:3.11-slim@sha256:90744cff8f32887f075c47d747a173ff333e9e98801667af93c357fa9f5e28ff AS wheel

ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

COPY . /src
RUN pip install --require-hashes -r /src/requirements/bootstrap.txt \
    && pip wheel --no-deps --no-build-isolation --wheel-dir /dist /src \
    && cp /src/requirements/bootstrap.txt /src/requirements/mock-py3.11.txt /dist/

FROM python:3.11-slim@sha256:90744cff8f32887f075c47d747a173ff333e9e98801667af93c357fa9f5e28ff

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN --mount=type=bind,from=wheel,source=/dist,target=/dist \
    pip install --require-hashes -r /dist/bootstrap.txt \
    && pip install --require-hashes --no-deps -r /dist/mock-py3.11.txt \
    && pip install --no-deps /dist/onlyoffice_crm_client-*.whl

RUN useradd --create-home --uid 10001 portal
USER portal

EXPOSE 8080
ENTRYPOINT ["onlyoffice-mock-portal", "--host", "0.0.0.0", "--port", "8080"]
