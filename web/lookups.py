"""A number no integer column can hold matches no row, in every lookup, on every database.

Django already answers `pk=10**30` with no rows, but `pk__in=[10**30]`, `range` and a foreign
key's `=` and `in` hand the number to the driver, and SQLite's raises OverflowError. A made-up
id in a form (a ModelMultipleChoiceField), a list filter or an admin URL then answered 500 on
SQLite and a form error on PostgreSQL. Registered over Django's own lookups, so every query of
every path gets the same answer.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import ForeignObject, IntegerField
from django.db.models.fields.related_lookups import RelatedExact, RelatedIn
from django.db.models.lookups import In, Range

# The widest integer column; anything outside it is stored nowhere.
WIDEST = "BigIntegerField"


def storable(value, connection) -> bool:
    if not isinstance(value, int) or isinstance(value, bool):
        return True
    low, high = connection.ops.integer_field_range(WIDEST)
    return (low is None or value >= low) and (high is None or value <= high)


class InWithoutImpossibleIntegers:
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            self.rhs = [value for value in self.rhs if storable(value, connection)]
        return super().process_rhs(compiler, connection)


@IntegerField.register_lookup
class IntegerIn(InWithoutImpossibleIntegers, In):
    pass


@ForeignObject.register_lookup
class ForeignKeyIn(InWithoutImpossibleIntegers, RelatedIn):
    pass


@ForeignObject.register_lookup
class ForeignKeyExact(RelatedExact):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value() and not storable(self.rhs, connection):
            raise EmptyResultSet
        return super().process_rhs(compiler, connection)


@IntegerField.register_lookup
class IntegerRange(Range):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(WIDEST)
            start, end = self.rhs
            if (isinstance(start, int) and start > high) or (isinstance(end, int) and end < low):
                raise EmptyResultSet
            self.rhs = (
                max(start, low) if isinstance(start, int) else start,
                min(end, high) if isinstance(end, int) else end,
            )
        return super().process_rhs(compiler, connection)
