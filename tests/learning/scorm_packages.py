"""Small SCORM 1.2 and 2004 packages built by the tests themselves (no third-party content).

``scorm_zip(version)`` returns the bytes of a zip with an ``imsmanifest.xml`` and an ``index.html`` SCO
that finds the run-time API in its parent, shows the location and suspend data it resumes with, and
has three buttons: "Guardar avance" (location ``pagina-2``, suspend data ``respuesta=b``, commit),
"Responder" (a score) and "Terminar" (completed/passed, commit, finish). Keyword arguments change the
manifest or add, drop and replace members so the rejection tests can break it in one way at a time.
"""

from __future__ import annotations

import io
import stat
import zipfile

NS_12 = 'xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"'
NS_2004 = (
    'xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" '
    'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" '
    'xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"'
)


def manifest(
    version: str = "1.2", *, href: str = "index.html", default: str = "ORG-1", title: str = "Curso SCORM"
) -> str:
    ns, schema, scormtype = (
        (NS_12, "1.2", 'adlcp:scormtype="sco"')
        if version == "1.2"
        else (NS_2004, "2004 4th Edition", 'adlcp:scormType="sco"')
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="MANIFEST-1" version="1.0" {ns}>
  <metadata><schema>ADL SCORM</schema><schemaversion>{schema}</schemaversion></metadata>
  <organizations default="{default}">
    <organization identifier="ORG-1">
      <title>{title}</title>
      <item identifier="ITEM-1" identifierref="RES-1"><title>Módulo único</title></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES-1" type="webcontent" {scormtype} href="{href}">
      <file href="{href}"/>
    </resource>
  </resources>
</manifest>
"""


SCO = """<!doctype html>
<html lang="es"><head><meta charset="utf-8"><title>SCO de prueba</title>
<style>body { font-family: sans-serif; margin: 1rem; } button { margin: .25rem; padding: .5rem 1rem; }</style>
</head><body>
<h1>Contenido SCORM de prueba</h1>
<p>Ubicación: <span id="location">(ninguna)</span></p>
<p>Datos guardados: <span id="suspend">(ninguno)</span></p>
<p>Estado: <span id="status"></span></p>
<button id="save" type="button">Guardar avance</button>
<button id="answer" type="button">Responder</button>
<button id="finish" type="button">Terminar</button>
<script>
var VERSION = "__VERSION__";
function findApi(win) {
  for (var i = 0; win && i < 10; i++, win = win.parent) {
    if (VERSION === "1.2" && win.API) return win.API;
    if (VERSION !== "1.2" && win.API_1484_11) return win.API_1484_11;
    if (win === win.parent) break;
  }
  return null;
}
var api = findApi(window.parent);
var is12 = VERSION === "1.2";
function get(k12, k04) { return is12 ? api.LMSGetValue(k12) : api.GetValue(k04); }
function set(k12, k04, v) { return is12 ? api.LMSSetValue(k12, v) : api.SetValue(k04, v); }
function commit() { return is12 ? api.LMSCommit("") : api.Commit(""); }
if (!api) { document.getElementById("status").textContent = "sin API"; }
else {
  is12 ? api.LMSInitialize("") : api.Initialize("");
  document.getElementById("location").textContent = get("cmi.core.lesson_location", "cmi.location") || "(ninguna)";
  document.getElementById("suspend").textContent = get("cmi.suspend_data", "cmi.suspend_data") || "(ninguno)";
  document.getElementById("status").textContent = get("cmi.core.lesson_status", "cmi.completion_status");
  if (is12 && get("cmi.core.lesson_status") === "not attempted") set("cmi.core.lesson_status", "", "incomplete");
  document.getElementById("save").addEventListener("click", function () {
    set("cmi.core.lesson_location", "cmi.location", "pagina-2");
    set("cmi.suspend_data", "cmi.suspend_data", "respuesta=b");
    set("cmi.core.exit", "cmi.exit", "suspend");
    if (!is12) set("", "cmi.completion_status", "incomplete");
    var ok = commit();
    document.getElementById("status").textContent = ok === "true" || ok === true ? "guardado" : "error";
  });
  document.getElementById("answer").addEventListener("click", function () {
    set("cmi.core.score.raw", "cmi.score.raw", "85");
    if (!is12) set("", "cmi.score.scaled", "0.85");
    commit();
    document.getElementById("status").textContent = "respondido";
  });
  document.getElementById("finish").addEventListener("click", function () {
    if (is12) { set("cmi.core.lesson_status", "", "passed"); set("cmi.core.exit", "", ""); }
    else { set("", "cmi.completion_status", "completed"); set("", "cmi.success_status", "passed"); set("", "cmi.exit", "normal"); }
    commit();
    is12 ? api.LMSFinish("") : api.Terminate("");
    document.getElementById("status").textContent = "terminado";
  });
}
</script>
</body></html>
"""


def sco(version: str = "1.2") -> str:
    return SCO.replace("__VERSION__", version)


def scorm_zip(
    version: str = "1.2",
    *,
    manifest_text: str | None = None,
    href: str = "index.html",
    default: str = "ORG-1",
    drop: tuple[str, ...] = (),
    extra: dict[str, bytes | str] | None = None,
    symlinks: dict[str, str] | None = None,
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    members: dict[str, bytes | str] = {
        "imsmanifest.xml": manifest_text
        if manifest_text is not None
        else manifest(version, href=href, default=default),
        "index.html": sco(version),
        "css/estilo.css": "body { color: #222; }",
    }
    members.update(extra or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            if name in drop:
                continue
            archive.writestr(name, data)
        for name, target in (symlinks or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    return buffer.getvalue()
