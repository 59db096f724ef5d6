"""The MIS contacts export: who a letter goes to.

:func:`load_contacts` reads a CSV or XLSX export (header aliases as for the
registers, see :data:`CONTACT_FIELDS`) into :class:`Contacts`.  Letters go to
the highest-priority parent (or to every parent, see ``[letters] recipients``): a
contact with parental responsibility, or one the export says the pupil lives with who is
no child of the household (:func:`is_parent`).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import polars as pl

from attcli.errors import InputError
from attcli.output import display_text, shows_nothing
from attcli.percent import first_of, listed, the_counted
from attcli.store import Parent, name_key

if TYPE_CHECKING:
    from attcli.config import Config

#: Canonical field -> header aliases, in order of preference.
CONTACT_FIELDS: dict[str, tuple[str, ...]] = {
    "upn": ("UPN", "Pupil UPN", "Unique Pupil Number", "Student UPN"),
    #: a trust's export of every school's contacts: the school whose pupil the row is about
    #: (its key, name, URN or DfE number, as a register's School column): an MIS id each
    #: school numbers from 1 is another child at each school (:meth:`Contacts.of_school`)
    "school": ("School", "School Name", "Establishment"),
    #: the MIS's own id of the contact (a person): the same parent in every export, however
    #: their name is typed (penalty notices are counted per parent, DOMAIN.md 5)
    "contact_id": (
        "Contact ID",
        "ContactId",
        "Contact Person ID",
        "Guardian ID",
        "Parent ID",
        "Person ID",
    ),
    "title": ("Contact Title", "Title", "Salutation Title", "Parent Title"),
    "forename": (
        "Contact Forename",
        "Contact First Name",
        "Parent Forename",
        "Parent First Name",
        "Contact Legal Forename",
        "Forename",
        "First Name",
    ),
    "surname": (
        "Contact Surname",
        "Contact Last Name",
        "Parent Surname",
        "Parent Last Name",
        "Contact Legal Surname",
        "Surname",
        "Last Name",
    ),
    "salutation": ("Salutation", "Addressee", "Letter Salutation", "Contact Salutation"),
    "relationship": ("Relationship", "Relationship to Pupil", "Contact Relationship", "Relation"),
    "priority": (
        "Priority",
        "Priority Order",
        "Contact Priority",
        "Contact Order",
        "Priority Contact",
        "Order",
    ),
    #: the contact the MIS marks as the main one (yes/no): written to before the others,
    #: whatever their priority numbers (a priority column of yes/no is read the same way)
    "primary": ("Main Contact", "Primary Contact", "Primary", "Is Primary"),
    "parental_responsibility": (
        "Parental Responsibility",
        "Has Parental Responsibility",
        "Parental Resp",
        "PR",
        # Arbor's: legally responsible for the child (support.arbor-education.com, 360025098533)
        "Legal Guardian",
        "Is Legal Guardian",
    ),
    #: whether the contact is to be sent letters (SIMS' "Correspondence" tick): N is never
    #: written to, and blank is not known, taken as no, as for parental responsibility
    "correspondence": (
        "Correspondence",
        "Receives Correspondence",
        "Receive Correspondence",
        "Send Correspondence",
        # Arbor's: a guardian who receives the school's communications (one with a court
        # order against them may be a legal guardian and not this)
        "Primary Guardian",
        "Is Primary Guardian",
    ),
    #: the same said the other way round: Y is never written to (blank: no such mark)
    "no_correspondence": ("No Correspondence", "Do Not Contact", "Do Not Correspond"),
    #: SIMS' "Court Order" tick: a court order concerns the contact; Y is never written to
    #: by attcli (the order may forbid it), and the run names them (blank: no such mark)
    "court_order": ("Court Order", "Has Court Order", "Court Order In Place"),
    #: whether the pupil lives at the contact's address (blank: not known): the LA file's
    #: address is the pupil's (DOMAIN.md 8), never that of a parent who lives elsewhere
    "lives_with": (
        "Lives With Pupil",
        "Lives With Student",
        "Lives With Child",
        "Resides With Pupil",
        "Resides With Student",
        "Same Address As Pupil",
        "Same Address As Student",
    ),
    # the address, in the order it is printed (:data:`ADDRESS_FIELDS`): numbered lines,
    # or the parts of a BS 7666 address as SIMS and the SIF/Wonde feeds split it (flat or
    # sub-building, house name, house number, street, locality, town, county), or one
    # cell holding the whole block (lines split at commas and line breaks)
    "flat": ("Flat", "Flat Number", "Flat No", "Apartment", "Sub Building", "Sub Building Name", "SAON"),
    "house_name": ("House Name", "Building Name", "Property Name", "PAON"),
    "house_number": ("House Number", "House No", "Building Number"),
    "street": ("Street", "Street Name"),
    "address1": ("Address Line 1", "Address 1", "Address1", "House and Street"),
    "address2": ("Address Line 2", "Address 2", "Address2"),
    "address3": ("Address Line 3", "Address 3", "Address3"),
    "address4": ("Address Line 4", "Address 4", "Address4"),
    "address5": ("Address Line 5", "Address 5", "Address5"),
    "locality": ("Locality", "District", "Dependent Locality"),
    "town": ("Town", "Town/City", "Post Town", "Town or City"),
    "city": ("City",),
    "county": ("County", "County/State", "Administrative Area"),
    "address_block": (
        "Address", "Full Address", "Postal Address", "Address Block", "Home Address",
        "Contact Address",
    ),  # fmt: skip
    "postcode": ("Postcode", "Post Code", "Postal Code"),
    #: printed after the postcode, in capitals; the UK's own names left off (:func:`_country`)
    "country": ("Country", "Country Name", "Address Country"),
    "email": ("Email", "E-mail", "Email Address", "Contact Email", "Main Email"),
    "phone": (
        "Telephone",
        "Phone",
        "Telephone Number",
        "Contact Telephone",
        "Main Telephone",
        "Mobile",
        "Mobile Phone",
    ),
}

#: The address's fields as a letter prints them, top to bottom (the postcode after them).
ADDRESS_FIELDS = (
    "flat", "house_name", "house_number", "street", "address1", "address2", "address3",
    "address4", "address5", "locality", "town", "city", "county",
)  # fmt: skip
#: A header that names a part of a postal address (case, spaces and punctuation ignored,
#: as :func:`attcli.loaders.normalise_header` writes it): one attcli does not read
#: ('Address Line 6') would leave the line off the letter, so the file is refused.
_ADDRESS_HEADER = re.compile(
    r"(contact|parent|guardian|home|postal|main|correspondence)?"
    r"(address(line)?\d*|country|addr\d*|street\d*|streetname|town|city|towncity|posttown|county"
    r"|countystate|postcode|postalcode|flat|flatnumber|flatno|apartment|housename"
    r"|housenumber|houseno|buildingname|buildingnumber|district|locality|village"
    r"|subbuilding|subbuildingname)"
)

#: The fields only a contact has: a file with none of them, and no name headed as a contact's
#: (a name header that is not one of a pupil list's, :data:`attcli.loaders.PUPIL_FIELDS`), is
#: not a contacts export when it has the pupils' date of birth (:func:`load_contacts`), nor
#: where no register is read to compare names (:meth:`Contacts.refuse_pupil_list`).
CONTACT_ONLY_FIELDS = (
    "relationship", "priority", "primary", "parental_responsibility", "title", "salutation", "email",
    "phone", "contact_id", "correspondence", "no_correspondence", "court_order",
)  # fmt: skip
#: What a file refused as a pupil list should have been.
CONTACTS_NEEDED = (
    "give the MIS's contacts export (one row per contact: name, relationship, priority, "
    "address)"
)
#: Where a school names its contacts export's headers (:func:`read_contacts`).
CONFIG_TABLE = "letters.contact_columns"
_PUPIL_LIST = "this looks like a pupil list, not a contacts export"
#: The columns that show a file to be about contacts (:data:`CONTACT_ONLY_FIELDS`), in words.
_NO_CONTACT_COLUMN = (
    "no column about a contact (relationship, priority, parental responsibility, title, "
    "salutation, email, telephone, contact id, or a name headed 'Contact ...')"
)

#: a column of one contact of a group per contact ('Contact 1 Forename', 'Parent 2
#: Postcode'), as a header is compared: an export of one row per pupil
_CONTACT_GROUP = re.compile(r"(contact|parent|guardian|carer)\d+[a-z].*")
#: a register's own column (its mark or session; a header read as headers are), which no
#: contacts export has
_REGISTER_HEADER = re.compile(r"mark|marks|session|attendancemark|attendancecode")
#: a wide register's column: a session of one date ("Wed 02/09/2026 AM")
_WIDE_SESSION = re.compile(r"\d{1,2}[/.-]\d{1,2}\b.*\b(am|pm)\b", re.IGNORECASE)

def register_column(header: str) -> bool:
    """Whether ``header`` is a column only a register has (:data:`_REGISTER_HEADER`,
    :data:`_WIDE_SESSION`): the register given as contacts or as the pupil list."""
    from attcli.loaders import normalise_header

    return bool(
        _REGISTER_HEADER.fullmatch(normalise_header(header)) or _WIDE_SESSION.search(str(header))
    )


#: the greeting's own word at the start of an export's salutation ("Dear Ms Jones")
_DEAR = re.compile(r"^\s*dear(?=[\s,]|$)[\s,]*", re.IGNORECASE)

_YES = {"y", "yes", "true", "1", "pr", "x"}
_NO = {"n", "no", "false", "0"}


#: words of a relationship that make the contact a child of the household (a sibling, the
#: pupil's own child, a cousin): living with the pupil, they are no parent (:func:`is_parent`)
_CHILD_WORDS = frozenset(
    "sibling siblings brother sister son daughter child cousin niece nephew".split()
)


def is_child_relationship(relationship: str) -> bool:
    """Whether the export's relationship (as written: "Sister", "Half-Brother",
    "Stepsister", "step brother") names a child of the household, not a carer."""
    words = re.findall(r"[a-z]+", relationship.casefold())
    return any(
        w in _CHILD_WORDS or w.removeprefix("step") in _CHILD_WORDS
        or w.removeprefix("half") in _CHILD_WORDS
        for w in words
    )  # fmt: skip


#: words that name a local authority (a council, its children's services) rather than a
#: person: one holding parental responsibility for a looked-after child under a care order
_LOCAL_AUTHORITY = (
    r"council|local\s+authority|corporate\s+parent|(?:royal\s+|london\s+)?borough\s+of"
    r"|children[’']?s\s+(?:services|social\s+care)|social\s+services"
)
_LA_NAME = re.compile(rf"\b(?:{_LOCAL_AUTHORITY})\b", re.IGNORECASE)
#: the same in a relationship, where "LA" alone is one too
_LA_RELATIONSHIP = re.compile(rf"\b(?:{_LOCAL_AUTHORITY}|la)\b", re.IGNORECASE)
#: a relationship naming a person whatever else it says ("LA Foster Carer", "Carer (LA)",
#: "Social Worker"): one the council placed the child with or employs is no council
_PERSON_RELATIONSHIP = re.compile(
    r"\b(?:carers?|foster\w*|workers?|officers?|mother|father|(?<!corporate\s)parents?"
    r"|guardian|grand\w*|aunt|uncle|keyworker|teacher|manager|nurse|doctor)\b",
    re.IGNORECASE,
)


def is_local_authority(c: Contact) -> bool:
    """Whether ``c`` is a local authority, not a person: its name ("Anyshire County Council",
    "London Borough of Hackney", "... Children's Services") or relationship ("Local
    Authority", "LA", "Corporate Parent") says so.  A council holds parental
    responsibility for a looked-after child under a care order, so the MIS lists it with
    it, often first; but no letter warning of meetings, fines or prosecution is addressed
    to it, and no penalty notice can be issued to it (it cannot fine itself): it is never
    a parent to write to (:func:`is_parent`; sweep of 5 December, lac).  A relationship
    naming a person ("LA Foster Carer", "Social Worker") is no council, whatever the name."""
    if _PERSON_RELATIONSHIP.search(c.relationship):
        return False
    return bool(
        _LA_RELATIONSHIP.search(c.relationship)
        or _LA_NAME.search(" ".join((c.title, c.forename, c.surname)))
    )


#: salutations that name nobody, folded (:func:`_folded`: lower case, every run of
#: punctuation and spaces one space), "Dear" taken off first: a council's own salutation of
#: these is no name ("Sir/Madam", "To whom it may concern"; sweep leftovers16)
NO_NAME_SALUTATIONS = frozenset({
    "sir or madam", "sir madam", "madam or sir", "madam sir", "sir s madam", "sirs",
    "sir", "madam", "to whom it may concern", "parent carer", "parent or carer",
    "parents carers", "parent guardian", "parent or guardian", "colleague", "colleagues",
})  # fmt: skip


def _folded(text: str) -> str:
    """``text`` in lower case, each run of anything but letters and digits one space."""
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def council_name(c: Contact) -> str:
    """A council's name as every output says it: its name, else the export's own
    salutation ("Addressee", some exports' only name cell), else
    :data:`attcli.looked_after.UNNAMED_COUNCIL` (its name cells blank, or of a zero-width
    space: never the salutation's "Parent/Carer", a person's fallback, which gave a foster
    carer's letter "the Virtual School Head of Parent/Carer": sweep hostile6).  A
    salutation that names nobody ("Dear Sir or Madam", "To whom it may concern":
    :data:`NO_NAME_SALUTATIONS`) is no name either ("the Virtual School Head of Sir or
    Madam": sweep leftovers16)."""
    from attcli.looked_after import UNNAMED_COUNCIL

    if c.name:
        return c.name
    own = _DEAR.sub("", c.salutation_text).rstrip(" ,")
    return UNNAMED_COUNCIL if _folded(own) in NO_NAME_SALUTATIONS else own or UNNAMED_COUNCIL


def councils_of(contacts: Iterable[Contact]) -> list[str]:
    """The names of the local authorities holding parental responsibility among one
    pupil's ``contacts`` (:func:`holds_pr_as_council`: the pupil is looked after), each
    once, in the export's order: :meth:`Contacts.councils`, and the pupil record's."""
    return list(dict.fromkeys(council_name(c) for c in contacts if holds_pr_as_council(c)))


def holds_pr_as_council(c: Contact) -> bool:
    """A local authority listed with parental responsibility (or where the export does not
    say): the pupil is looked after (:func:`is_local_authority`; lac sweep)."""
    return is_local_authority(c) and c.parental_responsibility is not False


def is_carer(c: Contact) -> bool:
    """Whether ``c`` has care of the pupil without it being known they have parental
    responsibility: the export says the pupil lives with them (``lives_with`` Y), and their
    relationship is no child's (:func:`is_child_relationship`).  A parent under s.576 of
    the Education Act 1996, as the school policies (000 7.5, 001 5.8, 002) count one: a
    kinship or foster carer (sweep of 4 December, carers)."""
    return c.lives_with is True and not is_child_relationship(c.relationship)


def is_parent(c: Contact, has_pr_column: bool = True) -> bool:
    """Whether letters (and a penalty-notice pack, choosing its parent) count ``c`` a
    parent: parental responsibility (every contact has it when the export has no such
    column, ``has_pr_column`` False), or a carer the pupil lives with (:func:`is_carer`).
    Marks that no letter go to them (:attr:`Contact.no_letters`) are the caller's.  A local
    authority (:func:`is_local_authority`) is none, whatever it holds."""
    if is_local_authority(c):
        return False
    return c.parental_responsibility is True or not has_pr_column or is_carer(c)


def not_given_line(columns: list[str], n: int, whose: str) -> str | None:
    """The line a file made without ``--contacts`` gives for its ``columns`` (their headings)
    that only a contacts export fills, blank for its ``n`` pupils (``whose``: "listed", "in
    the return"); None when the file lists nobody or has none of them.  A blank column with
    nothing said reads as "no address known" (DOMAIN.md 8: the address "when known")."""
    if not columns or n == 0:
        return None
    named = listed(columns)
    plural = len(columns) != 1
    return (
        f"no contacts export given: the {named} column{'s are' if plural else ' is'} blank for "
        f"{the_counted(n, 'pupil')} {whose}; give the MIS contacts export with "
        f"--contacts to fill {'them' if plural else 'it'}"
    )


#: a contact's envelope not yet made (None is an envelope: no name or nowhere to send)
_NOT_MADE = object()


@dataclass(frozen=True)
class Contact:
    upn: str
    #: the MIS contact id ("" when the export has no id column)
    contact_id: str = ""
    title: str = ""
    forename: str = ""
    surname: str = ""
    salutation_text: str = ""
    relationship: str = ""
    priority: int | None = None
    #: True, False, or None when the export does not say
    parental_responsibility: bool | None = None
    address: tuple[str, ...] = ()
    postcode: str = ""
    #: the country, in capitals, of an address outside the UK ("" in the UK or not given):
    #: the envelope's last line
    country: str = ""
    #: the line :attr:`parent` knows the contact by without an id: the first of the lines
    #: read before every part of the address was (address lines 1-3, street, locality,
    #: town, county), so a notice recorded then is the same parent's (None: the first
    #: line of :attr:`address`)
    key_line: str | None = None
    email: str = ""
    #: the email column's value when it is no email address ("none", "n/a", a formula):
    #: not :attr:`email`, so no letter is sent by email to it; said where none is made
    not_email: str = ""
    phone: str = ""
    line: int = 0
    #: the export marks the contact as not to be sent letters (no correspondence)
    no_letters: bool = False
    #: the export marks the contact "Do Not Contact": not to be contacted at all (also
    #: :attr:`no_letters`)
    no_contact: bool = False
    #: the export marks the contact as subject to a court order (SIMS' "Court Order"): no
    #: letter goes to them (also :attr:`no_letters`), and they are not the one to telephone
    #: while another contact is known (the order may forbid contact)
    court_order: bool = False
    #: marked the main contact (True), not (False), or None: the export has no such column
    primary: bool | None = None
    #: the pupil lives at the contact's address (True), does not (False), or not said (None)
    lives_with: bool | None = None
    #: the School column's value ("" when the export has none): whose pupil ``upn`` is (the
    #: last field, so a contact made by position keeps its id, title and names where they
    #: were: sweep trustids added it, and a test's Contact(upn, id, title, ...) took the id
    #: as the school)
    school: str = ""
    # (not fields: :attr:`parent` and :attr:`envelope` once made, kept on the instance; a
    # frozen contact's are made from its fields alone, so they never go out of date)
    _made_parent: ClassVar[Parent | None] = None
    _made_envelope: ClassVar[object] = _NOT_MADE

    @property
    def rank(self) -> tuple[int, int]:
        """Where the contact stands among the pupil's: the main contact first, then by
        priority number (none given: last); equal ranks share the first place."""
        return (
            0 if self.primary in (True, None) else 1,
            self.priority if self.priority is not None else 1_000_000,
        )

    @property
    def name(self) -> str:
        """The addressee line: "Mrs Anna Wójcik"."""
        return " ".join(p for p in (self.title, self.forename, self.surname) if p)

    @property
    def salutation(self) -> str:
        """ "Dear ..." without "Dear": the export's salutation, else "Mrs Wójcik".  An
        export that writes the whole greeting ("Dear Ms Jones", "Mrs Smith,") gives the
        name alone: the letter's greeting has its own "Dear" and comma (it said "Dear Dear
        Ms Jones,")."""
        own = _DEAR.sub("", self.salutation_text).rstrip(" ,")
        if own:
            return own
        if self.title and self.surname:
            return f"{self.title} {self.surname}"
        return " ".join(p for p in (self.forename, self.surname) if p) or "Parent/Carer"

    @property
    def postal_lines(self) -> tuple[str, ...]:
        return (
            *self.address,
            *((self.postcode,) if self.postcode else ()),
            *((self.country,) if self.country else ()),
        )

    @property
    def has_postal_address(self) -> bool:
        """Address lines and a postcode; abroad (:attr:`country`) the lines are enough
        (not every country has postcodes)."""
        return bool(self.address) and (bool(self.postcode) or bool(self.country))

    @property
    def usable(self) -> bool:
        """A letter can reach this contact: a postal address or an email."""
        return self.has_postal_address or bool(self.email)

    @property
    def parent(self) -> Parent:
        """Who this contact is for penalty notices: their MIS contact id, or (an export
        without ids) their name and address."""
        got = self._made_parent
        if got is None:  # (made once: asked of a contact several times a letter, issue 15)
            if self.contact_id:
                got = Parent(f"id:{self.contact_id}", self.name or self.salutation)
            else:
                line = self.key_line if self.key_line is not None else (self.address or ("",))[0]
                where = name_key(line) if line else name_key(self.email)
                postcode = "".join(self.postcode.split()).casefold()
                got = Parent(f"addr:{name_key(self.name)}|{where}|{postcode}", self.name)
            object.__setattr__(self, "_made_parent", got)
        return got

    @property
    def envelope(self) -> tuple[str, ...] | None:
        """What a letter to this contact shows: their name and postal address (else email),
        case and spacing aside; None without a name or anywhere to send.  Two contacts of
        a pupil with one envelope are one person, whatever their ids (a contact record
        made twice in the MIS): one letter reaches them, and two would be the same."""
        got = self._made_envelope
        if got is _NOT_MADE:  # (made once: asked of a contact several times a letter, issue 15)
            name = name_key(self.name)
            where = tuple(name_key(x) for x in self.postal_lines) or (name_key(self.email),)
            got = None if not name or not any(where) else (name, *where)
            object.__setattr__(self, "_made_envelope", got)
        return got  # type: ignore[return-value]

    def as_dict(self) -> dict[str, object]:
        return {
            "title": self.title,
            "forename": self.forename,
            "surname": self.surname,
            "name": self.name,
            "salutation": self.salutation,
            "relationship": self.relationship,
            "address": list(self.address),
            "postcode": self.postcode,
            "address_lines": list(self.postal_lines),
            "email": self.email,
            "phone": self.phone,
        }


@dataclass
class Contacts:
    by_upn: dict[str, list[Contact]] = field(default_factory=dict)
    #: what the reader skipped (title rows, footers) and what it assumed
    notes: list[str] = field(default_factory=list)
    #: the export has a parental-responsibility column
    has_pr_column: bool = True
    #: the export has a contact id column
    has_id_column: bool = True
    #: the file read (for messages)
    source: str = "the contacts export"
    #: the export has a column only a contact has, or a name headed as a contact's
    #: (:data:`CONTACT_ONLY_FIELDS`): without one, only the pupils' names tell it from a
    #: pupil list (:meth:`refuse_pupil_list`)
    has_contact_column: bool = True
    #: one line when telephone numbers look shortened by a spreadsheet (no leading 0,
    #: or written as 7.7009E+09), also in :attr:`notes`; None: none do
    phone_note: str | None = None
    #: the header of the column read as the pupil's UPN (for messages)
    key_header: str = "UPN"
    #: the export says who the pupil lives with (``lives_with``): a carer the pupil lives
    #: with is a parent to write to (:func:`is_parent`)
    has_lives_with_column: bool = False
    #: the header of the School column (a trust's export of every school's contacts,
    #: :meth:`of_school`); "" when it has none
    school_header: str = ""

    def of_school(self, config: Config) -> Contacts:
        """The contacts of the pupils of ``config``'s school, when it is one of a trust's
        (:meth:`attcli.config.Config.for_school`) and the export has a School column: the
        rows that column gives to it (by its key, name, URN, DfE number or export name), so
        an MIS id each school numbers from 1 is matched on the school and the id.  Else
        these contacts as they are (one school's export, or a UPN's: one child's
        nationally; :func:`attcli.trust_ids.refuse_shared_ids` refuses one that cannot say
        whose an id two schools give is)."""
        if not self.school_header or not config.school_key:
            return self
        from attcli.config import names_school

        mine = {
            upn: kept
            for upn, found in self.by_upn.items()
            if (kept := [
                c for c in found if names_school(config.school_key, config.school, c.school)
            ])
        }  # fmt: skip
        return dataclasses.replace(self, by_upn=mine)

    def of_contacts_school(self, config: Config, contact: Contact) -> Contacts:
        """The contacts of the pupils of the school whose row ``contact`` is (its School
        cell, in a trust's export of every school's: :meth:`of_school` of the one school of
        ``config``'s ``[schools]`` it names), for a command run with the workspace's config
        and no school that asks of one pupil through a contact (`pn next ID --parent
        NAME`): an MIS id each school numbers from 1 is two children, and the rows of the
        other school's are not this pupil's (sweep leftovers16).  These contacts as they
        are without a School column, or a cell naming no school of ``[schools]``, or two."""
        key = self.school_key_of(config, contact)
        return self.of_school(config.for_school(key)) if key else self

    def school_key_of(self, config: Config, contact: Contact) -> str:
        """The key of the one school of ``config``'s ``[schools]`` that ``contact``'s row
        names (its School cell, in a trust's export of every school's), else '' (no School
        column, a cell naming no school of ``[schools]``, or two): whose child and parent
        the row is, for the notices counted (sweep leftovers17)."""
        if not self.school_header or not contact.school.strip():
            return ""
        named = [x.key for x in config.schools if x.known_as(contact.school)]
        return named[0] if len(named) == 1 else ""

    def for_upn(self, upn: str) -> list[Contact]:
        """Every contact of the pupil, highest priority first."""
        return self.by_upn.get(upn, [])

    def _has_pr(self, c: Contact) -> bool:
        """Whether ``c`` has parental responsibility: every contact does when the export
        has no such column (it does not say; :attr:`notes` says so)."""
        return c.parental_responsibility is True or not self.has_pr_column

    def is_parent(self, c: Contact) -> bool:
        """Whether ``c`` is a parent the letters go to (:func:`is_parent`)."""
        return is_parent(c, self.has_pr_column)

    def recipients(self, upn: str, *, all_with_pr: bool = False) -> list[Contact]:
        """Who a letter about ``upn`` goes to: usable parents (:meth:`is_parent`: parental
        responsibility, or a carer the pupil lives with).

        Without a parental-responsibility column every contact counts as having it (the
        export does not say; :attr:`notes` says so).  The highest priority shared by two
        such contacts (the same number, or none given) names no one first: each of them
        is a recipient (attcli does not choose by the order of the file's rows).  A
        contact marked not to be sent letters (:attr:`Contact.no_letters`) is none.  One
        person (:attr:`Contact.parent`: their id, else name and address) on two rows of
        the pupil is one recipient, their first row's; so is one name and address under
        two contact ids (:attr:`Contact.envelope`: one record made twice in the MIS), and
        none when either row is marked not to be sent letters.
        """
        ok, people = [], set()
        found = self.for_upn(upn)
        barred = {c.envelope for c in found if c.no_letters and c.envelope is not None}
        for c in found:  # one person on two rows (no id) is written to once
            if (
                c.usable and self.is_parent(c) and not c.no_letters
                and c.parent.key not in people
                and (c.envelope is None or c.envelope not in people | barred)
            ):  # fmt: skip
                ok.append(c)
                people.add(c.parent.key)
                if c.envelope is not None:
                    people.add(c.envelope)
        if all_with_pr or not ok:
            return ok
        return [c for c in ok if c.rank == ok[0].rank]

    def unreached(self, upn: str, *, all_with_pr: bool = False) -> list[Contact]:
        """The contacts of ``upn`` a letter would go to (parents, :meth:`is_parent`; not marked
        not to be sent letters; with ``all_with_pr`` every one, else those ranked as high as
        the letter's recipients or higher) but for having no postal address or email: a
        priority contact passed over for the next is said, never silent (DOMAIN.md 9:
        letters go to the priority contacts).  A contact of the name of a recipient (one
        parent's record made twice in the MIS) is not one of them.  None when the letter
        reaches no one (the run lists that pupil itself)."""
        to = self.recipients(upn, all_with_pr=all_with_pr)
        if not to:
            return []
        names = {name_key(c.name) for c in to}
        keys = {c.parent.key for c in to}
        return [
            c for c in self.for_upn(upn)
            if not c.usable and self.is_parent(c) and not c.no_letters
            and (all_with_pr or c.rank <= to[0].rank)
            and name_key(c.name) not in names and c.parent.key not in keys
        ]  # fmt: skip

    def refuse_pupil_list(
        self, pupils: pl.DataFrame | None, *, every_pupil: bool = True
    ) -> list[str]:
        """Refuse a pupil list given as the contacts; else the notes on its odd rows.

        ``pupils`` None (a command that reads no register: ``pn next``): the pupils' names
        are not known, so a file with no column about a contact (:attr:`has_contact_column`)
        cannot be told from a pupil list and is refused; any other is read.

        ``pupils`` (``upn``, ``surname``, ``forename``: the register, one row or many per
        pupil) gives each pupil's own names.  A contact whose forename and surname are
        their pupil's (case and spacing ignored) is the pupil, or a parent named as the
        child.  When more than half of the pupils the file shares with ``pupils``, and at
        least two, have such a contact, the file is a pupil list: an
        :class:`~attcli.errors.InputError`.  Below that each is a parent; those with neither
        a title nor a relationship (nothing shows them to be a parent) are returned in one
        note, and their letters go (docs/decisions.md, "A pupil list is not the contacts").
        With ``every_pupil`` (a command reading the contacts of all the register's pupils,
        not one pupil it looks up and refuses itself: ``pn record``) contacts of which
        none is a pupil of ``pupils`` are refused too (:meth:`_refuse_other_pupils`).
        """
        from attcli.loaders._errors import unit

        if pupils is None:
            if not self.has_contact_column:
                raise InputError(
                    "this may be a pupil list, not a contacts export: it has "
                    f"{_NO_CONTACT_COLUMN} and no register is read to compare its names "
                    f"with the pupils' own; {CONTACTS_NEEDED}",
                    file=self.source,
                )
            return []
        own: dict[str, set[tuple[str, str]]] = {}
        # the distinct names first, then as text: a string a row was 1.5 s at 20,000 pupils
        names = (
            pupils.lazy()
            .select("upn", "forename", "surname")
            .unique()
            .select(pl.col(c).cast(pl.Utf8) for c in ("upn", "forename", "surname"))
            .unique()
            .collect()
        )
        for upn, fore, sur in names.iter_rows():
            if upn and fore and sur:
                own.setdefault(upn, set()).add((name_key(fore), name_key(sur)))
        if every_pupil:
            self._refuse_other_pupils(names.get_column("upn"))

        def is_own(c: Contact) -> bool:
            return (name_key(c.forename), name_key(c.surname)) in own[c.upn]

        shared = [upn for upn in self.by_upn if upn in own]
        # each pupil's first contact (by line) with the pupil's own name
        found = sorted(
            (min(hits, key=lambda c: c.line) for upn in shared
             if (hits := [c for c in self.by_upn[upn] if c.forename and c.surname and is_own(c)])),
            key=lambda c: c.line,
        )  # fmt: skip
        where = unit(self.source)
        if len(found) >= 2 and 2 * len(found) > len(shared):
            first = found[0]
            raise InputError(
                f"{_PUPIL_LIST}: the names in it are the pupils' own ({len(found)} of the "
                f"{len(shared)} pupils it shares with the register, e.g. {first.upn} "
                f"{first.forename} {first.surname} on {where} {first.line}); {CONTACTS_NEEDED}",
                file=self.source,
            )
        odd = [c for c in found if not c.title and not c.relationship]
        if not odd:
            return []
        listed = ", ".join(f"{c.upn} on {where} {c.line}" for c in odd[:5])
        n = len(odd)
        whose = "pupils' contacts have" if n != 1 else "pupil's contact has"
        return [
            f"{self.source}: {n} {whose} the pupil's own name and no title or "
            f"relationship ({listed}{', ...' if n > 5 else ''}): if "
            f"{'a' if n != 1 else 'that'} row is the pupil, not a parent, correct it in the MIS"
        ]

    def _refuse_other_pupils(self, upns: pl.Series) -> None:
        """Refuse contacts of which none is a pupil of the register (``upns``): a file
        keyed by another id (an admission number read as the UPN) or another school's
        would leave every letter with "no contacts", each pupil named and the
        cause not (contacts sweep)."""
        from attcli.loaders._errors import unit

        known = {u for u in upns.unique().to_list() if u}
        if not known or any(upn in known for upn in self.by_upn):
            return
        if not self.by_upn and self.school_header:  # (a trust's: none of this school's rows)
            raise InputError(
                f"no row's School (column {self.school_header!r}) names this school, so none "
                f"of its pupils (e.g. {min(known)}) has a contact here: give "
                "the contacts export of every school, each row's School its pupil's school "
                "(its key, name or URN in [schools])",
                file=self.source,
            )
        first = min((c for cs in self.by_upn.values() for c in cs), key=lambda c: c.line)
        n = len(self.by_upn)
        none = (  # (of one: not "none of the 1 pupils")
            "the pupil in the contacts export is not" if n == 1
            else f"none of the {n} pupils in the contacts export is"
        )  # fmt: skip
        raise InputError(
            f"{none} in the register (column {self.key_header!r}, e.g. {first.upn!r} on "
            f"{unit(self.source)} {first.line}; the register's pupils are e.g. "
            f"{min(known)}): that column must hold each pupil's UPN as the register gives "
            "it; give the contacts export with the UPN, or map its UPN column in "
            f"[{CONFIG_TABLE}] upn",
            file=self.source,
        )

    def priority_contact(self, upn: str) -> Contact | None:
        """The first of :meth:`priority_contacts` (None: the pupil has no contact)."""
        found = self.priority_contacts(upn)
        return found[0] if found else None

    def priority_contacts(self, upn: str) -> list[Contact]:
        """The highest-priority contacts of ``upn`` (any responsibility), the ones to
        telephone: name, phone, address.  One marked "Do Not Contact", or as subject to a
        court order (the order may forbid contact: contacts sweep 3), or a local authority
        (:func:`is_local_authority`: a looked-after pupil's carer is the one who knows where
        the child is), is passed over for the next; when every contact is so marked, the first alone
        (:attr:`Contact.no_contact`, :attr:`Contact.court_order` say so).  Two sharing the
        first place (the same priority, or none given: two households each sent the
        letter) are both named, in the file's order, one person once: attcli does not
        choose between them by the order of the file's rows (contacts sweep 3)."""
        found = self.for_upn(upn)
        # (a council holding parental responsibility for a looked-after pupil: its
        # switchboard is not where the child is, the carer is; lac sweep)
        free = [
            c for c in found
            if not c.no_contact and not c.court_order and not is_local_authority(c)
        ]  # fmt: skip
        if not free:
            return found[:1]
        out: list[Contact] = []
        seen: set[object] = set()
        for c in free:
            if c.rank != free[0].rank:
                break
            if c.parent.key in seen or (c.envelope is not None and c.envelope in seen):
                continue  # (one person on two rows, or under two ids: named once)
            out.append(c)
            seen.update(k for k in (c.parent.key, c.envelope) if k is not None)
        return out

    def home_address(self, upn: str) -> str | None:
        """The pupil's postal address for an LA file: where letters go, the address of
        the highest-priority contact with parental responsibility who has one (every
        contact counts as having it without a parental-responsibility column); two such
        contacts of that priority at different addresses: both, `` / `` between.  With no
        such contact, the highest-priority contact's who has one (a kinship or foster
        carer); None when no contact has an address.  Not simply the priority contact's:
        a grandparent without an address (priority 1) left it blank though the mother's
        was known, an uncle's stood in for the mother's the letters went to.  Where the
        export says whether the pupil lives with a contact (``lives_with``), a contact the
        pupil does not live with is never the address, and one they live with comes first
        (the child lives with a grandparent, the mother elsewhere); none left: None.  A
        contact marked as subject to a court order (no letter goes to them) is never the
        address unless the export says the pupil lives with them (contacts sweep 3); nor is
        a local authority's (a looked-after pupil's council: County Hall is not the child's
        home; lac sweep)."""
        known = [
            c for c in self.for_upn(upn)
            if c.postal_lines and c.lives_with is not False
            and (not c.court_order or c.lives_with is True)
            and (not is_local_authority(c) or c.lives_with is True)
        ]  # fmt: skip
        home = [c for c in known if c.lives_with is True] or known
        pr = [c for c in home if self._has_pr(c)]
        pool = pr or home
        if not pool:
            return None
        top = [c for c in pool if c.rank == pool[0].rank]
        return " / ".join(dict.fromkeys(", ".join(c.postal_lines) for c in top))

    def _no_address_why(self, upn: str) -> str:
        """Why :meth:`home_address` gives ``upn`` none (it gives none)."""
        found = self.for_upn(upn)
        if not found:
            return "not in the contacts export"
        known = [c for c in found if c.postal_lines]
        if not known:
            return "no contact has an address"
        if all(is_local_authority(c) for c in known):
            return (
                "only a local authority has one: the pupil is looked after; give the carer's "
                "address in the MIS"
            )
        if all(c.lives_with is False for c in known):
            return "no contact with an address lives with the pupil"
        return (
            "only a contact under a court order has one, and the contacts export does not "
            "say the pupil lives with them"
        )

    def gaps_line(self, upns: Iterable[str], *, address: bool) -> str | None:
        """One line naming the pupils of ``upns`` (those a command lists) left without an
        address (:meth:`home_address`; ``address``) or without a priority contact (not in
        the export), with why, up to 5; None when there is none.  A blank is never unsaid:
        it reads as the export read for them (contacts sweep 3)."""
        upns = sorted(set(upns))
        if address:
            odd = [(u, self._no_address_why(u)) for u in upns if self.home_address(u) is None]
        else:
            odd = [(u, "not in the contacts export") for u in upns if not self.for_upn(u)]
        if not odd:
            return None
        n = len(odd)
        what = "address" if address else "priority contact"
        listed = ", ".join(f"{u} ({why})" for u, why in odd[:5])
        return (
            f"{n} pupil{'s' if n != 1 else ''} listed {'have' if n != 1 else 'has'} no {what}: "
            f"{listed}{', ...' if n > 5 else ''}; put it right in the MIS and export the "
            "contacts again"
        )

    def councils(self, upn: str) -> list[str]:
        """The names of the local authorities holding parental responsibility for ``upn``
        (:func:`holds_pr_as_council`: the pupil is looked after), each once, in the
        export's order; [] for none (:func:`councils_of`)."""
        return councils_of(self.for_upn(upn))

    def priority_frame(self) -> pl.DataFrame:
        """upn, contact_name, contact_phone, contact_address: each pupil's priority contacts
        (:meth:`priority_contacts`; two sharing the first place ` / ` between, a phone or
        address one of them lacks "none" in its place), one marked "Do Not Contact" or with
        a court order with the mark beside their name."""
        rows = []
        for upn in self.by_upn:
            found = self.priority_contacts(upn)
            if not found:
                continue
            names = []
            for c in found:
                marks = [
                    *(["marked Do Not Contact"] if c.no_contact else []),
                    *(["court order"] if c.court_order else []),
                    *(["local authority"] if is_local_authority(c) else []),
                ]
                names.append(f"{c.name} ({'; '.join(marks)})".strip() if marks else c.name)

            def joined(values: list[str]) -> str | None:
                if not any(values):
                    return None
                return " / ".join(v or "none" for v in values)

            rows.append(
                {
                    "upn": upn,
                    "contact_name": joined(names),
                    "contact_phone": joined([c.phone for c in found]),
                    "contact_address": joined([", ".join(c.postal_lines) for c in found]),
                }
            )
        schema = {k: pl.Utf8 for k in ("upn", "contact_name", "contact_phone", "contact_address")}
        return pl.DataFrame(rows, schema=schema)


#: An email column's value that is an address, or several (``a@x.org; b@y.org``): one @,
#: a dot after it, no space.  "none", "n/a", "-" or a formula is no address to send to.
_ONE_EMAIL = r"[^@\s;,]+@[^@\s;,]+\.[^@\s;,]+"
_EMAIL = re.compile(rf"{_ONE_EMAIL}(?:\s*[;,]\s*{_ONE_EMAIL})*")


def _clean(value: str) -> str:
    """A contact field as letters and tables use it: trimmed, with control characters
    (an ESC would reach the terminal, a NUL the PDF) and bidirectional overrides (which
    make text display in another order than it is stored) dropped, and tabs and line
    breaks as spaces; a value that shows as nothing (zero-width spaces, joiners) is blank,
    as an empty one is (zero-width characters beside visible ones are kept).  Composed
    (Unicode NFC), as the register's names are: "Siân" saved on a Mac (``a`` and a
    combining circumflex) is the same parent as the MIS's, not another."""
    text = display_text(value).strip()
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    # (ASCII left here is visible: its controls are dropped and its spaces trimmed)
    return "" if not text.isascii() and shows_nothing(text) else text


def _flag(
    value: str | None,
    path: Path,
    line: int,
    what: str = "parental responsibility",
    column: str = "Parental Responsibility",
) -> bool | None:
    if value is None:
        return None
    v = value.strip().casefold()
    if v in _YES:
        return True
    if v in _NO:
        return False
    raise InputError(f"{what} must be yes or no", file=path, line=line, column=column, value=value)


#: a priority written as a word that says its number (contacts sweep 3): the main contact
#: and the second; any other word ('Tertiary', 'first') is refused, never guessed
_PRIORITY_WORDS = {"primary": 1, "secondary": 2}


def _priority(value: str, path: Path, line: int, column: str = "Priority") -> int:
    """A priority number, or 'Primary' (1) or 'Secondary' (2); in a column of yes/no (a
    'Priority Contact' Y/N, see :func:`_yes_no_column`) yes is 1 and no 2."""
    word = _PRIORITY_WORDS.get(value.strip().casefold())
    if word is not None:
        return word
    try:
        number = float(value)
        if not number.is_integer():  # ('1.5' is no priority: never cut down to 1)
            raise ValueError(value)
        return int(number)
    except (ValueError, OverflowError):  # 'first', 'nan', '1.5'; 'inf', '1e400'
        raise InputError(
            "priority must be a number (1 = first contact), or Primary or Secondary",
            file=path,
            line=line,
            column=column,
            value=value,
        ) from None


def read_contacts(path: str | Path, config: Config) -> Contacts:
    """The ``--contacts`` of a command: :func:`load_contacts` with the school's
    ``[letters.contact_columns]``, the one way every command reads it (docs/decisions.md,
    "Every command reads the contacts the same way")."""
    from attcli import once
    from attcli.letter_settings import contact_columns

    columns = contact_columns(config)
    every = once.read(
        ("contacts", Path(path), tuple(sorted(columns.items()))),
        lambda: _read_kept(path, columns),
    )
    if not every.school_header or not config.school_key:
        return every
    return once.read(
        ("contacts", Path(path), tuple(sorted(columns.items())), config.school_key),
        lambda: every.of_school(config),
    )


#: the contacts files kept by :func:`_read_kept`: (path, columns, the file's digest) -> read
_kept: dict[tuple[object, ...], Contacts] = {}
#: a file larger is read each time (a school's own run reads it once; the suite's are small)
_KEPT_BYTES = 1 << 20


def _digest(path: Path) -> str:
    import hashlib

    return hashlib.blake2b(path.read_bytes(), digest_size=20).hexdigest()


def _read_kept(path: str | Path, columns: Mapping[str, str]) -> Contacts:
    """:func:`load_contacts` of ``path`` with ``columns``, read once a process while the
    file's text is the same (issue 15: the suite runs letters, cases and the LA files
    hundreds of times in one process, often twice on one file, and a small contacts file
    took ~30 ms through the register's reader).  Each call has its own :class:`Contacts`
    (its lists and notes copied; a :class:`Contact` cannot be changed), so what one run
    does with it is not the next's; a file changed, however quickly, is read anew (its
    text is compared, not its time); a read that fails is not kept."""
    p = Path(path)
    try:
        small = p.stat().st_size <= _KEPT_BYTES
        before = _digest(p) if small else None
    except OSError:  # (no such file, a folder: load_contacts says which)
        before = None
    if before is None:
        return load_contacts(path, columns, config_table=CONFIG_TABLE)
    key = (str(p), tuple(sorted(columns.items())), before)
    found = _kept.get(key)
    if found is None:
        found = load_contacts(path, columns, config_table=CONFIG_TABLE)
        try:
            unchanged = _digest(p) == before  # (not rewritten while it was read)
        except OSError:
            unchanged = False
        if unchanged:
            if len(_kept) >= 16:
                _kept.clear()
            _kept[key] = found
    return dataclasses.replace(
        found,
        by_upn={u: list(cs) for u, cs in found.by_upn.items()},
        notes=list(found.notes),
    )


def load_contacts(
    path: str | Path, columns: Mapping[str, str] | None = None, *, config_table: str | None = None
) -> Contacts:
    """Read a contacts export (.csv or .xlsx).  ``columns`` maps fields to exact headers;
    ``config_table``, the config table they come from, for the messages (see
    :func:`read_contacts`, which commands use)."""
    from attcli.loaders import PUPIL_FIELDS, normalise_header, upn_text
    from attcli.loaders._table import read_table_headers

    p = Path(path)
    if not p.exists():
        from attcli.errors import missing_file_hint

        raise InputError(
            "the contacts file does not exist", file=p, hint=missing_file_hint(path)
        )
    # the pupils' date of birth is read only to tell a pupil list given by mistake
    others: list[str] = []
    frame, skipped, headers = read_table_headers(
        p,
        {**CONTACT_FIELDS, "dob": PUPIL_FIELDS["dob"]},
        ["upn"],
        columns,
        config_table=config_table,
        others=others,
    )
    for h in others:  # one row per pupil, a column group per contact: no contact is read
        if _CONTACT_GROUP.fullmatch(normalise_header(h)):
            raise InputError(
                f"column {h!r} is one of a group of columns per contact (Contact 1, Contact "
                "2, ...): this export has one row per pupil, which attcli does not read; "
                "export the contacts with one row per contact (UPN, name, relationship, "
                "priority, parental responsibility, address)",
                file=p,
            )
    pupil_names = {normalise_header(h) for f in ("forename", "surname") for h in PUPIL_FIELDS[f]}
    about_contact = [f for f in CONTACT_ONLY_FIELDS if f in headers] + [
        f
        for f in ("forename", "surname")
        if f in headers and normalise_header(headers[f]) not in pupil_names
    ]
    register = [h for h in others if register_column(h)]
    if register and not about_contact:  # (the register picked twice in the file dialog)
        raise InputError(
            f"this looks like the register export (column {register[0]!r}), not a contacts "
            f"export: give it as the export, and {CONTACTS_NEEDED[5:]} as --contacts",
            file=p,
        )
    if "dob" in headers and not about_contact:
        raise InputError(
            f"{_PUPIL_LIST}: it has the pupils' date of birth (column {headers['dob']!r}) and "
            f"{_NO_CONTACT_COLUMN}; {CONTACTS_NEEDED}",
            file=p,
        )
    for h in others:  # a part of the address no field reads: the letter would go without it
        if _ADDRESS_HEADER.fullmatch(normalise_header(h)):
            unused = [f for f in ADDRESS_FIELDS if f not in headers]
            raise InputError(
                f"column {h!r} looks like a part of the address that attcli does not read: a "
                "letter would go without it; name it in "
                f"[{config_table or CONFIG_TABLE}] as one of the address's parts the file does "
                f"not use ({', '.join(unused)}), or remove the column from the export",
                file=p,
            )
    notes = [f"{p}: {s}" for s in skipped]  # (said among the run's notes: the file named)
    has_pr = "parental_responsibility" in frame.columns
    if not has_pr:
        notes.append(
            f"{p}: no parental-responsibility column; every contact is treated as having it"
        )
    has_id = "contact_id" in frame.columns  # without: pn record warns (Contact.parent)
    frame, repeated = _once_each(frame, p)
    if repeated is not None:
        notes.append(repeated)
    from attcli.loaders._values import lost_letters

    notes += lost_letters(
        str(p),
        frame,
        "upn",
        ("title", "forename", "surname", *ADDRESS_FIELDS),
        ("contact's name or address holds", "contacts' names or addresses hold"),
    )
    contacts: dict[str, list[tuple[tuple[int, int, int], Contact]]] = {}
    # a column at a time, each distinct text cleaned once (issue 15: a dict per row and a
    # call per cell took 0.9 s for 30,000 contacts)
    n = frame.height

    def raw(key: str) -> list:
        return frame.get_column(key).to_list() if key in frame.columns else [None] * n

    texts: dict[str, list[str]] = {}

    def text(key: str) -> list[str]:
        if key not in frame.columns:
            return [""] * n
        if key in texts:
            return texts[key]
        cleaned: dict[str, str] = {}
        out = texts[key] = []
        for v in raw(key):
            if isinstance(v, str):
                c = cleaned.get(v)
                if c is None:
                    c = cleaned[v] = _clean(v)
                out.append(c)
            else:
                out.append("")
        return out

    def distinct(key: str, read: Callable[[str, int, str], object]) -> list:
        """A column read a distinct value at a time: ``read(value, its first line, the
        column's header as the file writes it)``; a blank cell is None."""
        if key not in frame.columns:
            return [None] * n
        col = frame.get_column(key)
        out: dict[str | None, object] = {}
        for v in col.unique().to_list():
            if v is None or not v.strip():
                out[v] = None
                continue
            line = frame.filter(pl.col(key) == v).get_column("line").min()
            out[v] = read(v, int(line), headers[key])
        return [out[v] for v in col.to_list()]

    def flags(key: str, what: str) -> list[bool | None]:
        """A yes/no column, each distinct value read once (its first line named if not
        yes or no)."""
        return distinct(key, lambda v, line, header: _flag(v, p, line, what, header))

    corr = flags("correspondence", "correspondence")
    no_corr = flags("no_correspondence", "no correspondence")
    court = flags("court_order", "court order")
    court_lines = {int(x) for x, o in zip(raw("line"), court, strict=True) if o is True}
    no_letters = [
        (c is not True and "correspondence" in frame.columns) or d is True or o is True
        for c, d, o in zip(corr, no_corr, court, strict=True)
    ]
    # "Do Not Contact" marks a contact not to be contacted at all, not only by post: who
    # cme and the LA return name to telephone is never such a contact while another is
    # known (the other marks are about letters: docs/decisions.md, sweep identity)
    # (the header compared as the column's aliases are: case, spaces and punctuation aside)
    any_contact = "no_correspondence" in frame.columns and normalise_header(
        headers["no_correspondence"]
    ) == normalise_header("Do Not Contact")
    no_contact = [any_contact and d is True for d in no_corr]
    # a priority column of yes and no (a 'Priority Contact' Y/N) says who is first
    by_yes_no = "priority" in frame.columns and _yes_no_column(frame.get_column("priority"))
    blocks = _blocks(raw("address_block"))
    # the line a contact without an id was known by before every address part was read:
    # the first line still, unless the file has a part that was not read then
    old_key = ("address1", "street", "address2", "locality", "address3", "town", "city", "county")
    new_parts = ("flat", "house_name", "house_number", "street", "address4", "address5",
                 "locality", "city", "address_block")  # fmt: skip
    plain = not any(f in frame.columns for f in new_parts)  # lines 1-5, town, county
    key_lines: list[str | None] = (
        [None] * n
        if plain
        else [next((x for x in xs if x), "") for xs in zip(*[text(k) for k in old_key], strict=True)]
    )
    has_primary = "primary" in frame.columns
    postcodes: dict[str, str] = {}
    upns: dict[object, str] = {}
    # each contact's address parts: in a plain file only the columns it has (a dozen
    # empty ones zipped and filtered a contact took 0.05 s of 30,000 contacts)
    parts = [k for k in ADDRESS_FIELDS if k in frame.columns] if plain else list(ADDRESS_FIELDS)
    addresses = zip(*[text(k) for k in parts], strict=True) if parts else repeat((), n)
    columns = zip(
        raw("line"), raw("upn"), text("school"), raw("contact_id"),
        distinct("priority", lambda v, line, header: (
            (1 if v.strip().casefold() in _YES else 2) if by_yes_no
            else _priority(v, p, line, header)
        )),  # fmt: skip
        flags("primary", "main contact"), flags("lives_with", "lives with the pupil"),
        flags("parental_responsibility", "parental responsibility"), text("title"), text("forename"), text("surname"),
        text("salutation"), text("relationship"), addresses,
        text("postcode"), text("email"), text("phone"), no_letters, no_contact, blocks,
        key_lines, text("country"), court, strict=True,
    )  # fmt: skip
    for (
        line_, upn, school, contact_id, prio, primary, lives, pr, title, fore, sur, sal, rel, addr, pc, em, ph,
        nl, nc, block, key_line, country, co,
    ) in columns:  # fmt: skip
        line = int(line_)
        pc = postcodes.get(pc) or postcodes.setdefault(
            pc, "" if _bare(pc) in _NO_POSTCODE else postcode(pc)
        )  # ('NFA', 'N/A', 'TBC': no postcode, so no postal address)
        if plain:  # the lines as they are (a clean export pays nothing more)
            lines = tuple(x for x in addr if x)
        else:
            lines, pc = _postal(addr, block, pc, p, line, headers)
        country = _country(country)
        if country and lines and name_key(lines[-1]) == name_key(country):
            lines = lines[:-1]  # (a one-cell address ending in it)
        if em and not _EMAIL.fullmatch(em):
            em, not_email = "", em
        else:
            not_email = ""
        key = upns.get(upn)
        if key is None:  # (each distinct UPN written once: a pupil has contacts on rows)
            key = upns[upn] = upn_text(str(upn or ""))
        contact = Contact(
            upn=key,  # the key, written as the register's UPN is
            school=school,
            contact_id=_contact_id(contact_id),
            title=title,
            forename=fore,
            surname=sur,
            salutation_text=sal,
            relationship=rel,
            priority=prio,
            parental_responsibility=pr,
            address=lines,
            postcode=pc,
            country=country,
            key_line=key_line,
            email=em,
            not_email=not_email,
            phone=ph,
            line=line,
            no_letters=nl,
            no_contact=nc,
            court_order=co is True,
            primary=(primary is True) if has_primary else None,
            lives_with=lives,
        )
        order = (*contact.rank, line)
        contacts.setdefault(contact.upn, []).append((order, contact))
    by_upn = {u: [c for _, c in sorted(cs, key=lambda t: t[0])] for u, cs in contacts.items()}
    for upn, found in by_upn.items():
        seen: dict[tuple[str, str], Contact] = {}  # (one school's pupil's: the School column's)
        for c in found:
            if c.contact_id and (c.school, c.contact_id) in seen:
                first = seen[c.school, c.contact_id]
                raise InputError(
                    f"two contacts of pupil {upn} have the same contact id (lines "
                    f"{first.line} and {c.line}): is that column the pupil's id rather than "
                    "the contact's? Map the right one in [letters.contact_columns] contact_id",
                    file=p,
                    line=c.line,
                    column=headers["contact_id"],
                    value=c.contact_id,
                )
            if c.contact_id:
                seen[c.school, c.contact_id] = c
    ordered = [] if "court_order" not in frame.columns else sorted(
        (c for cs in by_upn.values() for c in cs if c.line in court_lines), key=lambda c: c.line
    )  # fmt: skip
    if ordered:  # never passed over unsaid: the order may allow a letter (or the next's)
        k = len(ordered)
        listed = ", ".join(
            f"{c.name or 'the contact'} of pupil {c.upn} (line {c.line})" for c in ordered[:5]
        )
        notes.append(
            f"{p}: {k} contact{'s are' if k != 1 else ' is'} marked in column "
            f"{headers['court_order']!r} as subject to a court order, so attcli sends them "
            "no letter, nor names them to telephone while another contact is known: "
            f"{listed}{', ...' if k > 5 else ''}; check the order, and write to "
            "them by hand if it allows"
        )
    odd_pc = [
        c for cs in by_upn.values() for c in cs
        if c.postcode and not c.country and not _UK_POSTCODE.fullmatch(c.postcode.replace(" ", ""))
        and not _BFPO.fullmatch(c.postcode)
    ]  # fmt: skip
    if odd_pc:  # printed (it may be a code abroad), never unsaid
        odd_pc.sort(key=lambda c: c.line)
        k = len(odd_pc)
        listed = ", ".join(
            f"{c.name or 'the contact'} of pupil {c.upn}, line {c.line}: {c.postcode!r}"
            for c in odd_pc[:5]
        )
        notes.append(
            f"{p}: {k} contact{'s' if k != 1 else ''}'{'' if k != 1 else 's'} postcode"
            f"{'s are' if k != 1 else ' is'} "
            f"not a UK postcode and no country is given ({listed}{', ...' if k > 5 else ''}): "
            "printed as written; check it in the MIS"
        )
    twice = _one_person_two_ids(p, by_upn)
    if twice is not None:
        notes.append(twice)
    moved = _one_id_two_addresses(p, by_upn)
    if moved is not None:
        notes.append(moved)
    phone_note = _shortened_phones(p, [(c.line, c.phone) for cs in by_upn.values() for c in cs])
    if phone_note is not None:
        notes.append(phone_note)
    return Contacts(
        by_upn, notes, has_pr, has_id, str(p), bool(about_contact), phone_note=phone_note,
        key_header=headers.get("upn", "UPN"),
        has_lives_with_column="lives_with" in frame.columns,
        school_header=headers["school"] if "school" in frame.columns else "",
    )


#: what may differ between two rows of one contact of one pupil: a report joined to the
#: contacts' telephone numbers (one row a number), or to their relationships, repeats them
_NOT_THE_CONTACT = ("line", "phone", "relationship", "dob")


def _once_each(frame: pl.DataFrame, p: Path) -> tuple[pl.DataFrame, str | None]:
    """``frame`` with a row that repeats an earlier one of the same pupil (every field
    but :data:`_NOT_THE_CONTACT` the same, as written) left out, and one line saying so,
    or None: none does.  Found on the columns at once (a clean export pays one pass)."""
    same = [c for c in frame.columns if c not in _NOT_THE_CONTACT]
    first = frame.select(pl.struct(same).is_first_distinct()).to_series()
    if first.all():
        return frame, None
    lines = frame.select(pl.col("line"), pl.col("line").min().over(same).alias("of"))
    later = lines.filter(~first)
    line, of = later.row(0)
    n = later.height
    return frame.filter(first), (
        f"{p}: {n} row{'s repeat' if n != 1 else ' repeats'} a contact of the same pupil "
        f"(line {line} repeats line {of}{', ...' if n > 1 else ''}): read once"
    )


#: a telephone number a spreadsheet took for a number: ten digits with no leading 0 (a
#: UK number has eleven, the first 0), or written in scientific notation
_SHORTENED_PHONE = re.compile(r"[1-9]\d{9}|\d(?:\.\d+)?E\+\d+", re.IGNORECASE)


def _one_person_two_ids(p: Path, by_upn: dict[str, list[Contact]]) -> str | None:
    """One note naming the contacts of a pupil with one name and address
    (:attr:`Contact.envelope`) under two contact ids or more (up to 3, then a count): one
    person whose record the MIS holds twice; a letter reaches them once
    (:meth:`Contacts.recipients`), but a penalty notice counts a parent by their id
    (DOMAIN.md 5), so each id would be another parent.  None when there is none."""
    found: list[str] = []
    for upn, contacts in by_upn.items():
        ids: dict[tuple[str, ...], list[Contact]] = {}
        for c in contacts:
            if c.contact_id and c.envelope is not None:
                ids.setdefault(c.envelope, []).append(c)
        for same in ids.values():
            if len({c.contact_id for c in same}) > 1:
                listed = ", ".join(f"{c.contact_id} on line {c.line}" for c in same)
                found.append(f"{same[0].name} of pupil {upn} ({listed})")
    if not found:
        return None
    n = len(found)
    return (
        f"{p}: {n} contact{'s are' if n != 1 else ' is'} one name and address under two "
        f"contact ids or more: {first_of(found, 3)}"
        ": written to once; keep one record in the MIS (a penalty notice counts a parent by "
        "their contact id, so each id would count as another parent)"
    )


def _one_id_two_addresses(p: Path, by_upn: dict[str, list[Contact]]) -> str | None:
    """One note naming each contact id the export gives two postal addresses or more, for
    different pupils (siblings): one person (the parent a penalty notice counts, DOMAIN.md
    5) at two addresses, so one is not theirs (a record updated for one child only, or the
    child's own home written as the contact's).  Each pupil's letter goes to the address on
    that pupil's line; said, so the office checks before posting (sweep of 6 December,
    slips2).  An address is its first line and postcode (or country), case and spacing
    aside.  Up to 3 ids named, then a count; None when there is none."""
    by_id: dict[str, dict[tuple[str, ...], Contact]] = {}
    for contacts in by_upn.values():
        for c in contacts:
            if c.contact_id and c.has_postal_address:
                key = (
                    name_key(c.address[0]),
                    "".join(c.postcode.split()).casefold(),
                    name_key(c.country),
                )
                by_id.setdefault(c.contact_id, {}).setdefault(key, c)
    found = []
    for cid, places in by_id.items():
        if len(places) > 1:
            seen = sorted(places.values(), key=lambda c: c.line)
            listed = ", ".join(
                f"'{', '.join(c.postal_lines)}' for pupil {c.upn} (line {c.line})" for c in seen
            )
            found.append(f"{cid} ({seen[0].name or 'no name'}): {listed}")
    if not found:
        return None
    n = len(found)
    return (
        f"{p}: {n} contact id{'s give' if n != 1 else ' gives'} one contact two postal "
        f"addresses or more, for different pupils: {first_of(found, 3)}: each pupil's "
        "letter goes to the address on that pupil's line, so one may reach a house the "
        "parent does not live at; check the contact's address in the MIS before the "
        "letters are posted"
    )


def _shortened_phones(p: Path, phones: list[tuple[int, str]]) -> str | None:
    """One line when some of ``phones`` (line, number) look shortened by a spreadsheet
    (Excel reads 07700900123 as a number and writes 7700900123, or 7.7009E+09): they are
    shown as written, since a dropped digit is not attcli's to guess (docs/decisions.md)."""
    odd = sorted((line, ph) for line, ph in phones if _SHORTENED_PHONE.fullmatch(ph.replace(" ", "")))
    if not odd:
        return None
    line, first = odd[0]
    n = len(odd)
    return (
        f"{p}: {n} telephone number{'s look' if n != 1 else ' looks'} shortened by a "
        f"spreadsheet (line {line}: {first!r}, no leading 0, or written as a number like "
        "7.7009E+09): shown as written; check them in the MIS and export the contacts "
        "again without opening them in Excel"
    )


#: a UK postcode's outward code (AN1, AN19, A9A, ...) and inward code (a digit and two
#: letters, the last three characters)
_OUTWARD, _INWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?", r"[0-9][A-Z]{2}"
#: a UK postcode at the end of an address block's last line ('Anytown AN1 9AB')
_POSTCODE_AT_END = re.compile(rf"(?:^|\s)({_OUTWARD}\s*{_INWARD})$", re.IGNORECASE)


def _blocks(cells: list) -> list[tuple[str, ...]]:
    """Each cell of a one-cell address ('Address'): its lines, split at commas and line
    breaks, each cleaned (each distinct cell split once)."""
    done: dict[str, tuple[str, ...]] = {}
    out = []
    for v in cells:
        if not isinstance(v, str):
            out.append(())
            continue
        got = done.get(v)
        if got is None:
            got = done[v] = tuple(x for x in (_clean(x) for x in re.split(r"[,\r\n]+", v)) if x)
        out.append(got)
    return out


#: a flat's number alone, with a letter perhaps ('3', '3A', '12b')
_BARE_FLAT = re.compile(r"\d+[A-Za-z]?")


def _postal(
    parts: tuple[str, ...],
    block: tuple[str, ...],
    pc: str,
    path: Path,
    line: int,
    headers: Mapping[str, str],
) -> tuple[tuple[str, ...], str]:
    """A contact's address lines and postcode: ``parts`` (one per :data:`ADDRESS_FIELDS`),
    a house number on its street's line, with the lines of a one-cell ``block`` among
    them (parts it already holds not repeated); a line that says what an earlier one said
    is printed once (a town and a city both 'Anytown').  A UK postcode ending the block is
    its postcode when the file gives none; one other than the postcode column's is
    refused (which is the address cannot be known)."""
    seq = list(parts)
    # a flat given by its number alone ('3' under 'Flat') is 'Flat 3': a bare '3' above
    # '12 Elm Road' reads as house 3
    if seq[0] and _BARE_FLAT.fullmatch(seq[0]) and "flat" in headers:
        from attcli.loaders import normalise_header

        kind = "Apartment" if normalise_header(headers["flat"]).startswith("apartment") else "Flat"
        if normalise_header(headers["flat"]).startswith(("flat", "apartment")):
            seq[0] = f"{kind} {seq[0]}"
    number, seq[2] = seq[2], ""
    if number:  # on the street's line ('12 Elm Road'), else a line of its own
        j = next((j for j in (3, 4) if seq[j]), None)
        if j is None:
            seq[2] = number
        else:
            seq[j] = f"{number} {seq[j]}"
    head, tail = seq[: ADDRESS_FIELDS.index("locality")], seq[ADDRESS_FIELDS.index("locality") :]
    if block:
        body = list(block)
        m = _POSTCODE_AT_END.search(body[-1])
        if m is not None:
            found = postcode(m[1])
            if pc and found != pc:
                raise InputError(
                    f"the address ends with the postcode {found!r} but column "
                    f"{headers.get('postcode', 'Postcode')!r} says {pc!r}: which is the "
                    "contact's cannot be known; correct it in the MIS",
                    file=path,
                    line=line,
                    column=headers["address_block"],
                    value=", ".join(block),
                )
            pc = found
            rest = body[-1][: m.start()].strip()
            body[-1:] = [rest] if rest else []
        blob = name_key(" ".join(body))
        head = [x for x in head if name_key(x) not in blob]
        tail = [x for x in tail if name_key(x) not in blob]
        seq = [*head, *body, *tail]
    lines: list[str] = []
    seen: set[str] = set()
    for x in seq:
        if x and name_key(x) not in seen:
            lines.append(x)
            seen.add(name_key(x))
    return tuple(lines), pc


def _bare(text: str) -> str:
    """Letters and digits only, casefolded ('U.K' -> 'uk')."""
    return re.sub(r"[\W_]+", "", text).casefold()


#: the UK's own names, as a country column may give them: an inland letter prints none
_UK = frozenset(
    _bare(x) for x in (
        "United Kingdom", "UK", "U.K.", "GB", "GBR", "Great Britain", "England", "Scotland",
        "Wales", "Northern Ireland", "Britain", "United Kingdom of Great Britain and Northern Ireland",
    )
)  # fmt: skip


def _country(text: str) -> str:
    """A country column's value as the envelope's last line: capitals (Royal Mail's rule
    for post abroad); "" for the UK's own names, which an inland letter leaves off."""
    return "" if not text or _bare(text) in _UK else text.upper()


def _yes_no_column(col: pl.Series) -> bool:
    """Whether a priority column holds yes and no (Y/N, Yes/No), not numbers: each of its
    distinct values is a yes or no word and one of them is not a digit."""
    values = {v.strip().casefold() for v in col.unique().to_list() if v and v.strip()}
    return bool(values) and values <= _YES | _NO and not values <= {"0", "1"}


#: a UK postcode without its spaces
_UK_POSTCODE = re.compile(_OUTWARD + _INWARD)
#: a British Forces post number, a UK postal address of its own
_BFPO = re.compile(r"BFPO\s*\d{1,4}")
#: what a postcode column holds where there is none (as :func:`_bare` writes it): no
#: fixed abode, not known, to be confirmed, a dash
_NO_POSTCODE = frozenset(
    {"", "nfa", "na", "none", "nil", "tbc", "tba", "unknown", "notknown", "0", "x", "xx",
     "xxx", "xxxx", "nopostcode", "null", "nofixedabode", "notapplicable", "notgiven"}
)  # fmt: skip


def postcode(text: str) -> str:
    """A postcode as a letter prints it: upper case and, when it has a UK postcode's shape,
    one space before the inward code, its last three characters ('an19ab', 'AN1  9AB'
    -> 'AN1 9AB'); any other (BFPO 123, an overseas code) as written, upper case."""
    if text[-4:-3] == " " and text.count(" ") == 1 and text.isupper() and len(text.split()) == 2:
        return text  # written so already (most are): what the rest would give it back as
    text = text.upper()
    packed = "".join(text.split())
    if _UK_POSTCODE.fullmatch(packed):
        return f"{packed[:-3]} {packed[-3:]}"
    return text


def recipient_key(name: str, postcode_or_email: str) -> str:
    """How the letters' history knows a recipient: their name and postcode (else email),
    case and spacing ignored, the postcode as :func:`postcode` writes it, so a postcode
    retyped without its space between runs is the same person (a key recorded so, the
    same too: :func:`same_recipient`)."""
    text = " ".join(f"{name}|{postcode_or_email}".split()).casefold()
    who, bar, where = text.rpartition("|")
    if bar and "@" not in where:
        where = postcode(where).casefold()
    return f"{who}{bar}{where}"


def same_recipient(recorded: str) -> str:
    """A recipient key from the history as :func:`recipient_key` writes it now (one
    recorded before postcodes were spaced: 'mrs ann one|an19ab' -> '...|an1 9ab')."""
    who, bar, where = recorded.rpartition("|")
    return recipient_key(who, where) if bar else recorded


def _contact_id(value: object) -> str:
    """A contact id as text: ``1234.0`` from a spreadsheet's number cell is ``1234``."""
    if value is None:
        return ""
    text = str(value).strip()
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return text
