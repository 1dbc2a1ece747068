@ml_module("validation")
class ValidationModule:
    @staticmethod
    def validate_email(email: str) -> bool:
        """Validate email format"""
        import re
        pattern = r'^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}$'
        return bool(re.match(pattern, email))

    @staticmethod
    def validate_phone(phone: str, country: str = "US") -> bool:
        """Validate phone number for country"""
        patterns = {
            "US": r'^\+?1?\d{10}$',
            "UK": r'^\+?44\d{10}$',
            "EU": r'^\+?[1-9]\d{8,14}$'
        }
        pattern = patterns.get(country, patterns["EU"])
        import re
        return bool(re.match(pattern, phone))
