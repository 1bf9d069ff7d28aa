from tests.support.s3 import s3_server, s3_url

__all__ = ["s3_server", "s3_url"]
