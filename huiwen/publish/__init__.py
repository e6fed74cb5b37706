"""Static publishing: reader pages rendered to files under ``PUBLIC_ROOT``.

Every public page (home and listing pages, articles, feeds) is the same bytes for every
reader, so it is written once to a file whose path mirrors its URL and served from there
by nginx or by ``huiwen serve``'s own front (:mod:`huiwen.publish.serving`) before Django
is involved. What a change affects is unpublished at once and published again through the
task queue; a request for a page that is not published falls through to Django, which
renders it and publishes it (:mod:`huiwen.publish.middleware`). The folder can be deleted
at any time: ``huiwen publish --all`` rebuilds it.
"""
