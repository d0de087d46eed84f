# The mock ONLYOFFICE portal (GET /api/2.0/crm/invoice/filter, POST /api/2.0/authentication), for teams that test
# from another language. Build from the repository's root; tests/packaging/test_dockerfile.py runs this recipe's
# install step and command outside Docker.
#
#   docker build -t onlyoffice-mock-portal .
#   docker run --rm -p 8080:8080 onlyoffice-mock-portal                      # token: mock-portal-token
#   docker run --rm -p 8080:8080 -e TOKEN=secret onlyoffice-mock-portal --invoices 5000 --error-share 0.1
#
# TOKEN, INVOICES, SEED and DATA set the defaults; flags after the image name are the command's own
# (`onlyoffice-mock-portal --help`).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

COPY . /src
RUN pip install "/src[mock]" && rm -rf /src

RUN useradd --create-home --uid 10001 portal
USER portal

EXPOSE 8080
ENTRYPOINT ["onlyoffice-mock-portal", "--host", "0.0.0.0", "--port", "8080"]
