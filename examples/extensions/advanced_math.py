@ml_module(
    name="advanced_math",
    version="1.0.0",
    description="Advanced mathematical functions",
    capabilities_required=["math:advanced"],
    allow_eval=False  # Security: block eval in this module
)
class AdvancedMath:
    @staticmethod
    def factorial(n: int) -> int:
        if n <= 1:
            return 1
        return n * AdvancedMath.factorial(n - 1)

    @staticmethod
    def fibonacci(n: int) -> int:
        if n <= 1:
            return n
        a, b = 0, 1
        for _ in range(2, n + 1):
            a, b = b, a + b
        return b
