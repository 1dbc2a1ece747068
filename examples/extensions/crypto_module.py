# File: my_extensions/crypto_module.py
from src.mlpy.stdlib.decorators import ml_module

@ml_module("crypto")
class CryptoModule:
    """Custom cryptography module for ML"""

    @staticmethod
    def hash_sha256(data: str) -> str:
        import hashlib
        return hashlib.sha256(data.encode()).hexdigest()

    @staticmethod
    def generate_uuid() -> str:
        import uuid
        return str(uuid.uuid4())

    @staticmethod
    def random_bytes(n: int) -> str:
        import secrets
        return secrets.token_hex(n)
