"""``juesuan serve``: the upload page a finance bureau hosts for its units.

``juesuan serve``: the web page a finance bureau hosts so its units can upload a workbook, read
the audit findings and download the report (waitress + multipart; see ``server.serve``)."""
