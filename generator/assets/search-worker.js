// The site's search worker: Material's own, given queries with a hyphen inside a word spaced out.
// Material splits a typed "Force-North" into its words but keeps the whole for each of them, so
// the query holds "force" and "north" twice: a page with rarer words that begin with "north"
// ("US Northern Command (NORTHCOM)") then outranks "Joint Task Force-North" itself. Spaced, the
// query is the one "Force North" gives. A leading "-" (exclude a word) is left as it is.
// The plugin writes Material's hashed file name in place of the placeholder below at build
// time (generator/material_fixes.py), and points Material's configuration at this file.
"use strict"
self.addEventListener("message", event => {
  const message = event.data
  if (message && message.type === 2 && typeof message.data === "string")  // 2: a query
    message.data = message.data.replace(/(?<=[\p{L}\p{N}])-(?=[\p{L}\p{N}])/gu, " ")
})
importScripts("__MATERIAL_SEARCH_WORKER__")  // Material's worker, beside this file
