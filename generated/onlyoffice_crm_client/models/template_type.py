from enum import IntEnum


class TemplateType(IntEnum):
    EUR = 0
    RUS = 1

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "TemplateType | None":
        """Keep an integer this client does not know as a pseudo-member named ``UNKNOWN_<value>``."""
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        member = int.__new__(cls, value)
        member._name_ = f"UNKNOWN_{value}"
        member._value_ = value
        return member
