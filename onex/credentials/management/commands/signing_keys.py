from django.core.management.base import BaseCommand

from onex.credentials import signing


class Command(BaseCommand):
    help = (
        "Make sure the certificate signing key exists (created when missing); with --rotate, start signing "
        "with a new key. Every key stays published in did.json, so earlier credentials still verify."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rotate", action="store_true", help="create a new key and sign with it from now on")

    def handle(self, *args, rotate, **options):
        if rotate:
            key = signing.key_create()
            self.stdout.write(f"新签名密钥 {key.key_id} 已启用；旧密钥仍在 did.json 中公布。")
        else:
            key = signing.active_key()
        for k in signing.all_keys():
            marker = "*" if k.key_id == key.key_id else " "
            self.stdout.write(f"{marker} {signing.verification_method_id(k)}")
