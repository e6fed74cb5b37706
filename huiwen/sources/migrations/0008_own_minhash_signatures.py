"""Recompute every stored MinHash signature and its LSH band keys.

huiwen's own MinHash (``huiwen.text.fingerprint``, 3× faster) replaced datasketch's, and
signatures made the two ways do not compare. Each is made again from its article's
stored plain text: the extracted text it was first made from is not kept, and the two
differ in spacing and line breaks, which the shingles' normalisation removes. The exact
content hashes stay as they are. Irreversible: datasketch is no longer installed.
"""

from django.db import migrations

#: Fingerprints recomputed per query; at ~1 ms each, a million take about a quarter hour.
CHUNK = 500


def recompute(apps, schema_editor):
    from huiwen.sources.dedupe import band_keys, stored_signature
    from huiwen.text import minhash

    Fingerprint = apps.get_model("sources", "Fingerprint")
    SignatureBand = apps.get_model("sources", "SignatureBand")
    last = 0
    while chunk := list(
        Fingerprint.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "article__body_text")[:CHUNK]
    ):
        fingerprints, bands = [], []
        for pk, text in chunk:
            signature = minhash(text)
            fingerprints.append(Fingerprint(pk=pk, signature=stored_signature(signature)))
            bands += [SignatureBand(fingerprint_id=pk, key=key) for key in set(band_keys(signature))]
        Fingerprint.objects.bulk_update(fingerprints, ["signature"])
        SignatureBand.objects.filter(fingerprint_id__in=[pk for pk, _text in chunk]).delete()
        SignatureBand.objects.bulk_create(bands)
        last = chunk[-1][0]


class Migration(migrations.Migration):

    dependencies = [
        ("sources", "0007_page_collected_at_index"),
    ]

    operations = [migrations.RunPython(recompute)]
