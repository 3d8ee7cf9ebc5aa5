/**
 * The HSDS 3.0 tables this server exports in its tabular data package, with their columns in the order of
 * the HSDS table schemas. Derived from the JSON schemas of the Open Referral Human Services Data
 * Specification 3.0 (schema/*.json: properties that are not lists or nested objects), which are licensed
 * CC BY-SA 4.0 by Open Referral; test/unit/hsds-tables.test.ts checks them against those schemas.
 */

export interface TableField {
  name: string;
  type: 'string' | 'number' | 'date' | 'datetime' | 'time';
  format?: 'uuid' | 'uri' | 'email';
  title: string;
  description: string;
  constraints: { required: boolean; unique?: boolean; enum?: string[] };
}

export interface TableSchema {
  /** The HSDS object (resource) name, e.g. "service". */
  name: string;
  /** The CSV file in the package, e.g. "services.csv". */
  path: string;
  title: string;
  description: string;
  fields: TableField[];
  foreignKeys: { fields: string; reference: { resource: string; fields: string } }[];
}

export const HSDS_TABLES: TableSchema[] = [
  {
    "name": "organization",
    "path": "organizations.csv",
    "title": "organization",
    "description": "The details about each organization delivering services. Each service should be linked to the organization responsible for its delivery. One organization may deliver many services.",
    "fields": [
      {
        "name": "id",
        "type": "string",
        "format": "uuid",
        "title": "Identifier",
        "description": "The identifier for the organization. Each organization must have a unique identifier.",
        "constraints": {
          "required": true,
          "unique": true
        }
      },
      {
        "name": "name",
        "type": "string",
        "title": "Name",
        "description": "The official or public name of the organization.",
        "constraints": {
          "required": true
        }
      },
      {
        "name": "alternate_name",
        "type": "string",
        "title": "Alternate Name",
        "description": "An (optional) alternative or commonly used name for the organization.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "description",
        "type": "string",
        "title": "Description",
        "description": "A free text description containing a brief summary about the organization. It can contain markup such as HTML or Markdown.",
        "constraints": {
          "required": true
        }
      },
      {
        "name": "email",
        "type": "string",
        "format": "email",
        "title": "Email",
        "description": "The contact e-mail address for the organization.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "website",
        "type": "string",
        "format": "uri",
        "title": "Website",
        "description": "The URL (website address) of the organization.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "tax_status",
        "type": "string",
        "title": "Tax Status",
        "description": "DEPRECATED: Government assigned tax designation for tax-exempt organizations.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "tax_id",
        "type": "string",
        "title": "Tax Identifier",
        "description": "DEPRECATED: A government issued identifier used for the purpose of tax administration.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "year_incorporated",
        "type": "number",
        "title": "Year Incorporated",
        "description": "The year in which the organization was legally formed.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "legal_status",
        "type": "string",
        "title": "Legal Status",
        "description": "The legal conditions that an organization is operating under.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "logo",
        "type": "string",
        "title": "Logo",
        "description": "A URL to an image associated with the organization which can be presented alongside its name.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "uri",
        "type": "string",
        "format": "uri",
        "title": "URI",
        "description": "A persistent identifier to uniquely identify the organization such as those provided by Open Corporates or some other relevant URI provider. This is not for listing the website of the organization: that can be done through the website field of the Organization.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "parent_organization_id",
        "type": "string",
        "format": "uuid",
        "title": "Parent Organization Identifier",
        "description": "The identifier of the organization's parent organization.",
        "constraints": {
          "required": false
        }
      }
    ],
    "foreignKeys": [
      {
        "fields": "parent_organization_id",
        "reference": {
          "resource": "",
          "fields": "id"
        }
      }
    ]
  },
  {
    "name": "service",
    "path": "services.csv",
    "title": "service",
    "description": "The details of the services provided by organizations to a range of different groups.",
    "fields": [
      {
        "name": "id",
        "type": "string",
        "format": "uuid",
        "title": "Identifier",
        "description": "The identifier for the service. Each service must have a unique identifier.",
        "constraints": {
          "required": true,
          "unique": true
        }
      },
      {
        "name": "organization_id",
        "type": "string",
        "format": "uuid",
        "title": "Organization Identifier",
        "description": "The identifier of the organization that provides this service.",
        "constraints": {
          "required": true
        }
      },
      {
        "name": "program_id",
        "type": "string",
        "format": "uuid",
        "title": "Program Identifier",
        "description": "The identifier of the program this service is delivered under.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "name",
        "type": "string",
        "title": "Name",
        "description": "The official or public name of the service.",
        "constraints": {
          "required": true
        }
      },
      {
        "name": "alternate_name",
        "type": "string",
        "title": "Alternate Name",
        "description": "An (optional) alternative name for this service.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "description",
        "type": "string",
        "title": "Description",
        "description": "A free text description of the service.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "url",
        "type": "string",
        "format": "uri",
        "title": "URL",
        "description": "URL of the service",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "email",
        "type": "string",
        "format": "email",
        "title": "Email",
        "description": "An email address which can be used to contact the service provider.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "status",
        "type": "string",
        "title": "Status",
        "description": "The current status of the service which can be active, inactive, defunct, or temporarily closed.",
        "constraints": {
          "required": true,
          "enum": [
            "active",
            "inactive",
            "defunct",
            "temporarily closed"
          ]
        }
      },
      {
        "name": "interpretation_services",
        "type": "string",
        "title": "Interpretation Services",
        "description": "A free text description of any interpretation services available for accessing this service.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "application_process",
        "type": "string",
        "title": "Application Process",
        "description": "A free text description of the steps needed to access this service.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "fees_description",
        "type": "string",
        "title": "Fees Description",
        "description": "A free text description of any charges for service users to access this service.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "wait_time",
        "type": "string",
        "title": "Wait Time",
        "description": "DEPRECATED: The time a client may expect to wait before receiving a service.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "fees",
        "type": "string",
        "title": "Fees",
        "description": "DEPRECATED: Details of any charges for service users to access this service.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "accreditations",
        "type": "string",
        "title": "Accreditations",
        "description": "A free text description of any accreditations. Accreditation is the formal evaluation of an organization or program against best practice standards set by an accrediting organization.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "eligibility_description",
        "type": "string",
        "title": "Eligibility Description",
        "description": "A free text description of the type of person for whom this service is intended.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "minimum_age",
        "type": "number",
        "title": "Minimum Age",
        "description": "The minimum age of a person required to meet this eligibility requirement.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "maximum_age",
        "type": "number",
        "title": "Maximum Age",
        "description": "The maximum age of a person required to meet this eligibility requirement.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "assured_date",
        "type": "date",
        "title": "Assured Date",
        "description": "The date that the information about the service was last checked.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "assurer_email",
        "type": "string",
        "format": "email",
        "title": "Assurer Email",
        "description": "The contact e-mail address for the person or organization which last assured the service.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "licenses",
        "type": "string",
        "title": "Licenses",
        "description": "DEPRECATED: An organization may have a license issued by a government entity to operate legally. A list of any such licenses can be provided here.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "alert",
        "type": "string",
        "title": "Alert",
        "description": "A description of any short term alerts concerning the service.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "last_modified",
        "type": "datetime",
        "title": "Last Modified",
        "description": "The datetime when the service, or any related information about the service, has changed. Should have millisecond accuracy.",
        "constraints": {
          "required": false
        }
      }
    ],
    "foreignKeys": [
      {
        "fields": "organization_id",
        "reference": {
          "resource": "organization",
          "fields": "id"
        }
      }
    ]
  },
  {
    "name": "location",
    "path": "locations.csv",
    "title": "location",
    "description": "The locations where organizations operate. Locations may be virtual, and one organization may have many locations.",
    "fields": [
      {
        "name": "id",
        "type": "string",
        "format": "uuid",
        "title": "Identifier",
        "description": "The identifier of the location. Each location must have a unique identifier.",
        "constraints": {
          "required": true,
          "unique": true
        }
      },
      {
        "name": "location_type",
        "type": "string",
        "title": "Location Type",
        "description": "The type of location, which may be either physical, postal, or virtual.",
        "constraints": {
          "required": true,
          "enum": [
            "physical",
            "postal",
            "virtual"
          ]
        }
      },
      {
        "name": "url",
        "type": "string",
        "format": "uri",
        "title": "URL",
        "description": "If location_type is virtual, then this field represents the URL of a virtual location.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "organization_id",
        "type": "string",
        "format": "uuid",
        "title": "Organization Identifier",
        "description": "The organization identifier for a location. This is the organization that is responsible for maintaining information about this location. The identifier of the organization should be given here. Details of the services the organization delivers at this location should be provided in the services_at_location table.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "name",
        "type": "string",
        "title": "Name",
        "description": "The name of the location.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "alternate_name",
        "type": "string",
        "title": "Alternate Name",
        "description": "An (optional) alternative name of the location.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "description",
        "type": "string",
        "title": "Description",
        "description": "A free text description of the location.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "transportation",
        "type": "string",
        "title": "Transportation",
        "description": "A free text description of the access to public or private transportation to and from the location.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "latitude",
        "type": "number",
        "title": "Latitude",
        "description": "The latitude of the location expressed in decimal degrees in WGS84 datum.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "longitude",
        "type": "number",
        "title": "Longitude",
        "description": "The longitude of the location expressed in decimal degrees in WGS84 datum.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "external_identifier",
        "type": "string",
        "title": "External Identifier",
        "description": "A third party identifier for the location, which can be drawn from other services e.g. UK UPRN.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "external_identifier_type",
        "type": "string",
        "title": "External Identifier Type",
        "description": "The scheme used for the location's external_identifier e.g. UK UPRN.",
        "constraints": {
          "required": false
        }
      }
    ],
    "foreignKeys": [
      {
        "fields": "organization_id",
        "reference": {
          "resource": "organization",
          "fields": "id"
        }
      }
    ]
  },
  {
    "name": "address",
    "path": "addresses.csv",
    "title": "address",
    "description": "The addresses of locations where organizations operate.",
    "fields": [
      {
        "name": "id",
        "type": "string",
        "format": "uuid",
        "title": "Identifier",
        "description": "The identifier of the postal address. Each postal address must have a unique identifier.",
        "constraints": {
          "required": true,
          "unique": true
        }
      },
      {
        "name": "location_id",
        "type": "string",
        "format": "uuid",
        "title": "Location Identifier",
        "description": "The identifier of the location for this postal address.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "attention",
        "type": "string",
        "title": "Attention",
        "description": "The name of the person or entity whose attention should be sought at the location. These are often included as a \"care of\" component of an address.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "address_1",
        "type": "string",
        "title": "Address line 1",
        "description": "The first line(s) of the address, including office, building number and street.",
        "constraints": {
          "required": true
        }
      },
      {
        "name": "address_2",
        "type": "string",
        "title": "Address line 2",
        "description": "A second (additional) line of address information.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "city",
        "type": "string",
        "title": "City",
        "description": "The city in which the address is located.",
        "constraints": {
          "required": true
        }
      },
      {
        "name": "region",
        "type": "string",
        "title": "Region",
        "description": "The region in which the address is located (optional).",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "state_province",
        "type": "string",
        "title": "State Or Province",
        "description": "The state or province in which the address is located.",
        "constraints": {
          "required": true
        }
      },
      {
        "name": "postal_code",
        "type": "string",
        "title": "Postal Code",
        "description": "The postal code for the address.",
        "constraints": {
          "required": true
        }
      },
      {
        "name": "country",
        "type": "string",
        "title": "Country",
        "description": "The country in which the address is located. This should be given as an ISO 3361-1 country code (two letter abbreviation).",
        "constraints": {
          "required": true
        }
      },
      {
        "name": "address_type",
        "type": "string",
        "title": "Address Type",
        "description": "The type of address which may be physical, postal, or virtual.",
        "constraints": {
          "required": true,
          "enum": [
            "physical",
            "postal",
            "virtual"
          ]
        }
      }
    ],
    "foreignKeys": [
      {
        "fields": "location_id",
        "reference": {
          "resource": "location",
          "fields": "id"
        }
      }
    ]
  },
  {
    "name": "service_at_location",
    "path": "service_at_location.csv",
    "title": "service_at_location",
    "description": "A link between a service and a specific location.",
    "fields": [
      {
        "name": "id",
        "type": "string",
        "format": "uuid",
        "title": "Identifier",
        "description": "The identifier of the service at location entry. Each entry must have a unique identifier.",
        "constraints": {
          "required": true,
          "unique": true
        }
      },
      {
        "name": "service_id",
        "type": "string",
        "format": "uuid",
        "title": "Service Identifier",
        "description": "The identifier of the service at a given location.",
        "constraints": {
          "required": true
        }
      },
      {
        "name": "location_id",
        "type": "string",
        "format": "uuid",
        "title": "Location Identifier",
        "description": "The identifier of the location where this service operates.",
        "constraints": {
          "required": true
        }
      },
      {
        "name": "description",
        "type": "string",
        "title": "Description",
        "description": "A free text description of the service at this specific location.",
        "constraints": {
          "required": false
        }
      }
    ],
    "foreignKeys": [
      {
        "fields": "service_id",
        "reference": {
          "resource": "service",
          "fields": "id"
        }
      },
      {
        "fields": "location_id",
        "reference": {
          "resource": "location",
          "fields": "id"
        }
      }
    ]
  },
  {
    "name": "phone",
    "path": "phones.csv",
    "title": "phone",
    "description": "The details of the telephone numbers used to contact organizations, services, and locations.",
    "fields": [
      {
        "name": "id",
        "type": "string",
        "format": "uuid",
        "title": "Identifier",
        "description": "The identifier for the phone number. Each entry must have a unique identifier.",
        "constraints": {
          "required": true,
          "unique": true
        }
      },
      {
        "name": "location_id",
        "type": "string",
        "format": "uuid",
        "title": "Location Identifier",
        "description": "The identifier of the location where this phone number is located.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "service_id",
        "type": "string",
        "format": "uuid",
        "title": "Service Identifier",
        "description": "The identifier of the service for which this is the phone number.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "organization_id",
        "type": "string",
        "format": "uuid",
        "title": "Organization Identifier",
        "description": "The identifier of the organization for which this is the phone number.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "contact_id",
        "type": "string",
        "format": "uuid",
        "title": "Contact Identifier",
        "description": "The identifier of the contact for which this is the phone number.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "service_at_location_id",
        "type": "string",
        "format": "uuid",
        "title": "Service At Location Identifier",
        "description": "The identifier of the ‘service at location’ table entry, when this phone number is specific to a service in a particular location.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "number",
        "type": "string",
        "title": "Number",
        "description": "The phone number.",
        "constraints": {
          "required": true
        }
      },
      {
        "name": "extension",
        "type": "number",
        "title": "Extension",
        "description": "The extension of the phone number.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "type",
        "type": "string",
        "title": "Type",
        "description": "Indicates the type of phone service, drawing from the RFC6350 list of types (text (for SMS), voice, fax, cell, video, pager, textphone).",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "description",
        "type": "string",
        "title": "Description",
        "description": "A free text description providing extra information about the phone service",
        "constraints": {
          "required": false
        }
      }
    ],
    "foreignKeys": [
      {
        "fields": "location_id",
        "reference": {
          "resource": "location",
          "fields": "id"
        }
      },
      {
        "fields": "service_id",
        "reference": {
          "resource": "service",
          "fields": "id"
        }
      },
      {
        "fields": "organization_id",
        "reference": {
          "resource": "organization",
          "fields": "id"
        }
      },
      {
        "fields": "contact_id",
        "reference": {
          "resource": "contact",
          "fields": "id"
        }
      },
      {
        "fields": "service_at_location_id",
        "reference": {
          "resource": "service_at_location",
          "fields": "id"
        }
      }
    ]
  },
  {
    "name": "schedule",
    "path": "schedules.csv",
    "title": "schedule",
    "description": "The details of when a service or location is open. Entries are RFC 5545 RRULES.",
    "fields": [
      {
        "name": "id",
        "type": "string",
        "format": "uuid",
        "title": "Identifier",
        "description": "The identifier for the schedule. Each entry must have a unique identifier.",
        "constraints": {
          "required": true,
          "unique": true
        }
      },
      {
        "name": "service_id",
        "type": "string",
        "format": "uuid",
        "title": "Service Identifier",
        "description": "The identifier of the service for which this is the regular schedule",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "location_id",
        "type": "string",
        "format": "uuid",
        "title": "Location Identifier",
        "description": "The identifier of the location for which this is the regular schedule",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "service_at_location_id",
        "type": "string",
        "format": "uuid",
        "title": "Service At Location Identifier",
        "description": "The identifier of the ‘service at location’ table entry, when this schedule is specific to a service in a particular location.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "valid_from",
        "type": "date",
        "title": "Valid From",
        "description": "The date from which the schedule information is valid. It must be in the ISO 8601 format of YYYY-MM-DD,",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "valid_to",
        "type": "date",
        "title": "Valid To",
        "description": "The last date on which the schedule information is valid. It must be in the ISO 8601 format of YYYY-MM-DD.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "dtstart",
        "type": "date",
        "title": "Date Start",
        "description": "iCal - The date of the first event is the schedule. Necessary when using the ‘interval’ feature, optional otherwise.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "timezone",
        "type": "number",
        "title": "Timezone",
        "description": "The timezone that all dates are expressed as, expressed as a UTC offset. Dates are assumed to be UTC otherwise.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "until",
        "type": "date",
        "title": "Until",
        "description": "iCal - The date of the last occurrence of the recurring event.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "count",
        "type": "number",
        "title": "Count",
        "description": "iCal - The number of times that the event occurs. Use this instead of ‘until’, if appropriate.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "wkst",
        "type": "string",
        "title": "Week Start",
        "description": "iCal - The two-letter code for the day on which the week starts.",
        "constraints": {
          "required": false,
          "enum": [
            "MO",
            "TU",
            "WE",
            "TH",
            "FR",
            "SA",
            "SU"
          ]
        }
      },
      {
        "name": "freq",
        "type": "string",
        "title": "Frequency",
        "description": "iCal - How often the frequency repeats.",
        "constraints": {
          "required": false,
          "enum": [
            "WEEKLY",
            "MONTHLY"
          ]
        }
      },
      {
        "name": "interval",
        "type": "number",
        "title": "Interval",
        "description": "iCal - How often the frequency repeats. For example, and Interval of 2 for a WEEKLY Frequency would represent fortnightly.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "byday",
        "type": "string",
        "title": "By Day",
        "description": "iCal - Comma separated days of the week. Where freq is MONTHLY each part can be preceded by a positive or negative integer to represent which occurrence in a month; e.g. 2MO is the second Monday in a month. -1FR is the last Friday",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "byweekno",
        "type": "string",
        "title": "By Week Number",
        "description": "iCal - Comma separated numeric weeks of the year, where freq is WEEKLY. Can be negative to represent weeks before the end of the year; e.g. -5 is the 5th to last week in a year.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "bymonthday",
        "type": "string",
        "title": "By Month Day",
        "description": "iCal - Comma separated numeric days of the month, where frequency is MONTHLY. Can be negative to represent days before the end of the month; e.g. -5 is the 5th to last day in a month.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "byyearday",
        "type": "string",
        "title": "By Year Day",
        "description": "iCal - Comma separated numeric days of the month, where frequency is YEARLY. Can be negative to represent days before the end of the year; e.g. -1 is the last day in a year.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "description",
        "type": "string",
        "title": "Description",
        "description": "A free text description of the availability of the service.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "opens_at",
        "type": "time",
        "title": "Opens At",
        "description": "The time when a service or location opens. This should use HH:MM format and should include timezone information, either adding the suffix ‘Z’ when the date is in UTC, or including an offset from UTC (e.g. 09:00-05:00 for 9am EST.)",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "closes_at",
        "type": "time",
        "title": "Closes At",
        "description": "The time when a service or location closes. This should use HH:MM format and should include timezone information, either adding the suffix ‘Z’ when the date is in UTC, or including an offset from UTC (e.g. 09:00-05:00 for 9am EST.).",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "schedule_link",
        "type": "string",
        "format": "uri",
        "title": "Schedule Link",
        "description": "URL of a link for the schedule which may show each individual session and may provide a booking facility.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "attending_type",
        "type": "string",
        "title": "Attending Type",
        "description": "A free text description of how to attend this service.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "notes",
        "type": "string",
        "title": "Notes",
        "description": "Free text notes on the schedule.",
        "constraints": {
          "required": false
        }
      }
    ],
    "foreignKeys": [
      {
        "fields": "service_id",
        "reference": {
          "resource": "service",
          "fields": "id"
        }
      },
      {
        "fields": "location_id",
        "reference": {
          "resource": "location",
          "fields": "id"
        }
      },
      {
        "fields": "service_at_location_id",
        "reference": {
          "resource": "service_at_location",
          "fields": "id"
        }
      }
    ]
  },
  {
    "name": "contact",
    "path": "contacts.csv",
    "title": "contact",
    "description": "The details of the named contacts for services and organizations.",
    "fields": [
      {
        "name": "id",
        "type": "string",
        "format": "uuid",
        "title": "Identifier",
        "description": "The identifier for the contact. Each contact must have a unique identifier.",
        "constraints": {
          "required": true,
          "unique": true
        }
      },
      {
        "name": "organization_id",
        "type": "string",
        "format": "uuid",
        "title": "Organization Identifier",
        "description": "The identifier of the organization for which this is a contact.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "service_id",
        "type": "string",
        "format": "uuid",
        "title": "Service Identifier",
        "description": "The identifier of the service for which this is a contact.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "service_at_location_id",
        "type": "string",
        "format": "uuid",
        "title": "Service At Location Identifier",
        "description": "The identifier of the ‘service at location’ entry, when this contact is specific to a service in a particular location.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "location_id",
        "type": "string",
        "format": "uuid",
        "title": "Location Identifier",
        "description": "The identifier for the location of the contact.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "name",
        "type": "string",
        "title": "Name",
        "description": "The name of the contact.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "title",
        "type": "string",
        "title": "Title",
        "description": "The job title of the contact.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "department",
        "type": "string",
        "title": "Department",
        "description": "The department that the contact is a part of.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "email",
        "type": "string",
        "format": "email",
        "title": "Email",
        "description": "The email address of the contact.",
        "constraints": {
          "required": false
        }
      }
    ],
    "foreignKeys": [
      {
        "fields": "organization_id",
        "reference": {
          "resource": "organization",
          "fields": "id"
        }
      },
      {
        "fields": "service_id",
        "reference": {
          "resource": "service",
          "fields": "id"
        }
      },
      {
        "fields": "service_at_location_id",
        "reference": {
          "resource": "service_at_location",
          "fields": "id"
        }
      },
      {
        "fields": "location_id",
        "reference": {
          "resource": "location",
          "fields": "id"
        }
      }
    ]
  },
  {
    "name": "language",
    "path": "languages.csv",
    "title": "language",
    "description": "The languages that are spoken at locations or services. This does not include languages which can only be used with interpretation.",
    "fields": [
      {
        "name": "id",
        "type": "string",
        "format": "uuid",
        "title": "Identifier",
        "description": "The identifier for the language. Each entry must have a unique identifier.",
        "constraints": {
          "required": true,
          "unique": true
        }
      },
      {
        "name": "service_id",
        "type": "string",
        "format": "uuid",
        "title": "Service Identifier",
        "description": "The identifier of the service for which the entry describes the languages in which services are delivered.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "location_id",
        "type": "string",
        "format": "uuid",
        "title": "Location Identifier",
        "description": "The identifier of the location for which the entry describes the languages in which services are delivered.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "phone_id",
        "type": "string",
        "format": "uuid",
        "title": "Phone Identifier",
        "description": "The identifier of the phone for which the entry describes the languages in which services delivered.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "name",
        "type": "string",
        "title": "Name",
        "description": "The name of the language in which the service is delivered.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "code",
        "type": "string",
        "title": "Code",
        "description": "The ISO 639-1 or ISO 639-3 code for the language.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "note",
        "type": "string",
        "title": "Note",
        "description": "A free text description of any additional context or services provided for this language.",
        "constraints": {
          "required": false
        }
      }
    ],
    "foreignKeys": [
      {
        "fields": "service_id",
        "reference": {
          "resource": "service",
          "fields": "id"
        }
      },
      {
        "fields": "location_id",
        "reference": {
          "resource": "location",
          "fields": "id"
        }
      },
      {
        "fields": "phone_id",
        "reference": {
          "resource": "phone",
          "fields": "id"
        }
      }
    ]
  },
  {
    "name": "accessibility",
    "path": "accessibility.csv",
    "title": "accessibility",
    "description": "The details of the arrangements for access to locations for people who have disabilities.",
    "fields": [
      {
        "name": "id",
        "type": "string",
        "format": "uuid",
        "title": "Identifier",
        "description": "The identifier for this accessibility information. Each entry must have a unique identifier.",
        "constraints": {
          "required": true,
          "unique": true
        }
      },
      {
        "name": "location_id",
        "type": "string",
        "format": "uuid",
        "title": "Location Identifier",
        "description": "The identifier for the location of the accessibility provision.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "description",
        "type": "string",
        "title": "Description",
        "description": "A free text description of the assistance or infrastructure that facilitates access to clients with disabilities.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "details",
        "type": "string",
        "title": "Details",
        "description": "Any further details relating to the relevant accessibility arrangements at this location.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "url",
        "type": "string",
        "format": "uri",
        "title": "URL",
        "description": "The URL of a page giving more information about the accessibility of the location.",
        "constraints": {
          "required": false
        }
      }
    ],
    "foreignKeys": [
      {
        "fields": "location_id",
        "reference": {
          "resource": "location",
          "fields": "id"
        }
      }
    ]
  },
  {
    "name": "required_document",
    "path": "required_documents.csv",
    "title": "required_document",
    "description": "The details of any documents that are required in order to access or use services.",
    "fields": [
      {
        "name": "id",
        "type": "string",
        "format": "uuid",
        "title": "Identifier",
        "description": "The identifier for the document. Each document must have a unique identifier.",
        "constraints": {
          "required": true,
          "unique": true
        }
      },
      {
        "name": "service_id",
        "type": "string",
        "format": "uuid",
        "title": "Service Identifier",
        "description": "The identifier of the service for which this entry describes the required document.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "document",
        "type": "string",
        "title": "Document",
        "description": "A free text description of the document required to apply for or receive the service.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "uri",
        "type": "string",
        "format": "uri",
        "title": "URI",
        "description": "A web link to the document.",
        "constraints": {
          "required": false
        }
      }
    ],
    "foreignKeys": [
      {
        "fields": "service_id",
        "reference": {
          "resource": "service",
          "fields": "id"
        }
      }
    ]
  },
  {
    "name": "cost_option",
    "path": "cost_options.csv",
    "title": "cost_option",
    "description": "The costs of a service at certain points in time. This is an LGA Extension. This object provides a structured version of the text information contained in the 'fees' field of the 'service' object.",
    "fields": [
      {
        "name": "id",
        "type": "string",
        "format": "uuid",
        "title": "Identifier",
        "description": "The identifier for the cost option. Each entry must have a unique identifier",
        "constraints": {
          "required": true,
          "unique": true
        }
      },
      {
        "name": "service_id",
        "type": "string",
        "format": "uuid",
        "title": "Service Identifier",
        "description": "The identifier of the services for which the entry describes the cost.",
        "constraints": {
          "required": true
        }
      },
      {
        "name": "valid_from",
        "type": "date",
        "title": "Valid From",
        "description": "The date when this price is valid from.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "valid_to",
        "type": "date",
        "title": "Valid To",
        "description": "The date when this price is valid to.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "option",
        "type": "string",
        "title": "Option",
        "description": "Conditions associated with the cost option.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "currency",
        "type": "string",
        "title": "Currency",
        "description": "The 3 letter currency code of this cost option (expected to be gbp by Open Referral UK).",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "amount",
        "type": "number",
        "title": "Amount",
        "description": "The cost of the option, expressed as an amount.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "amount_description",
        "type": "string",
        "title": "Amount Description",
        "description": "Specific details qualifying the cost amount.",
        "constraints": {
          "required": false
        }
      }
    ],
    "foreignKeys": [
      {
        "fields": "service_id",
        "reference": {
          "resource": "service",
          "fields": "id"
        }
      }
    ]
  },
  {
    "name": "service_area",
    "path": "service_areas.csv",
    "title": "service_area",
    "description": "The details of the geographic area for which a service is available.",
    "fields": [
      {
        "name": "id",
        "type": "string",
        "format": "uuid",
        "title": "Identifier",
        "description": "The identifier for the service area. Each service area must have a unique identifier.",
        "constraints": {
          "required": true,
          "unique": true
        }
      },
      {
        "name": "service_id",
        "type": "string",
        "format": "uuid",
        "title": "Service Identifier",
        "description": "The identifier of the service for which this entry describes the service area",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "name",
        "type": "string",
        "title": "Name",
        "description": "A free text geographic area where a service is available.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "description",
        "type": "string",
        "title": "Description",
        "description": "A more detailed free text description of this service area. Used to provide any additional information that cannot be communicated using the structured area and geometry fields.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "extent",
        "type": "string",
        "title": "Extent",
        "description": "A definition of the polygon defining the area.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "extent_type",
        "type": "string",
        "title": "Extent Type",
        "description": "The format of the extent field  populated from an enum of  \"geojson\", \"topojson\",  \"kml\",and (for legacy systems or early state during transformation) \"text\".",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "uri",
        "type": "string",
        "title": "URI",
        "description": "A URI which acts as a persistent identifier to identify an area.",
        "constraints": {
          "required": false
        }
      }
    ],
    "foreignKeys": [
      {
        "fields": "service_id",
        "reference": {
          "resource": "service",
          "fields": "id"
        }
      }
    ]
  },
  {
    "name": "taxonomy",
    "path": "taxonomies.csv",
    "title": "taxonomy",
    "description": "The taxonomies from which taxonomy terms are taken.",
    "fields": [
      {
        "name": "id",
        "type": "string",
        "format": "uuid",
        "title": "Identifier",
        "description": "The identifier of the taxonomy. Each entry must have a unique identifier",
        "constraints": {
          "required": true,
          "unique": true
        }
      },
      {
        "name": "name",
        "type": "string",
        "title": "Name",
        "description": "The name of the taxonomy from which terms are sourced.",
        "constraints": {
          "required": true
        }
      },
      {
        "name": "description",
        "type": "string",
        "title": "Description",
        "description": "A free text description of the taxonomy.",
        "constraints": {
          "required": true
        }
      },
      {
        "name": "uri",
        "type": "string",
        "format": "uri",
        "title": "URI",
        "description": "The URI of the taxonomy.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "version",
        "type": "string",
        "title": "Version",
        "description": "The version of the taxonomy.",
        "constraints": {
          "required": false
        }
      }
    ],
    "foreignKeys": []
  },
  {
    "name": "taxonomy_term",
    "path": "taxonomy_terms.csv",
    "title": "taxonomy_term",
    "description": "Each service can be categorized according to one or more taxonomy terms. The taxonomy_term object contains a list of taxonomy terms, their names, and, for hierarchical taxonomies, their structure.",
    "fields": [
      {
        "name": "id",
        "type": "string",
        "format": "uuid",
        "title": "Identifier",
        "description": "The identifier for this taxonomy term. Each taxonomy term must have a unique identifier, within the scope of the dataset.",
        "constraints": {
          "required": true,
          "unique": true
        }
      },
      {
        "name": "code",
        "type": "string",
        "title": "Code",
        "description": "The term identfier as used in the taxonomy. This and the taxonomy_id combined define the term.",
        "constraints": {
          "required": false,
          "unique": true
        }
      },
      {
        "name": "name",
        "type": "string",
        "title": "Name",
        "description": "The taxonomy term itself.",
        "constraints": {
          "required": true
        }
      },
      {
        "name": "description",
        "type": "string",
        "title": "Description",
        "description": "A free text description of the term.",
        "constraints": {
          "required": true
        }
      },
      {
        "name": "parent_id",
        "type": "string",
        "format": "uuid",
        "title": "Parent Identifier",
        "description": "If this is a child term in a hierarchical taxonomy, give the identifier of the parent category. For top-level categories, this is not required.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "taxonomy",
        "type": "string",
        "title": "Taxonomy",
        "description": "If this is an established taxonomy, a free text description of which taxonomy is in use. If possible, provide a URI.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "language",
        "type": "string",
        "title": "Language",
        "description": "An ISO 639-1, or ISO 639-2 [language code](available at http://www.loc.gov/standards/iso639-2/php/code_list.php) to represent the language of the term. The three-letter codes from ISO 639-2 provide greater accuracy when describing variants of languages, which may be relevant to particular communities.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "taxonomy_id",
        "type": "string",
        "format": "uuid",
        "title": "Taxonomy Identifier",
        "description": "The identifier of the taxonomy containing the term.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "term_uri",
        "type": "string",
        "format": "uri",
        "title": "Term URI",
        "description": "URI of the term.",
        "constraints": {
          "required": false
        }
      }
    ],
    "foreignKeys": [
      {
        "fields": "parent_id",
        "reference": {
          "resource": "",
          "fields": "id"
        }
      },
      {
        "fields": "taxonomy_id",
        "reference": {
          "resource": "taxonomy",
          "fields": "id"
        }
      }
    ]
  },
  {
    "name": "attribute",
    "path": "attributes.csv",
    "title": "attribute",
    "description": "A link between a service and one or more classifications that describe the nature of the service provided.",
    "fields": [
      {
        "name": "id",
        "type": "string",
        "format": "uuid",
        "title": "Identifier",
        "description": "The identifier of the attribute entry. Each attribute entry should have a unique identifier.",
        "constraints": {
          "required": true,
          "unique": true
        }
      },
      {
        "name": "link_id",
        "type": "string",
        "format": "uuid",
        "title": "Link Identifier",
        "description": "The identifier of the entity to which this taxonomy term applies.",
        "constraints": {
          "required": true
        }
      },
      {
        "name": "taxonomy_term_id",
        "type": "string",
        "format": "uuid",
        "title": "Taxonomy Term Identifier",
        "description": "The identifier of this taxonomy term from the taxonomy table.",
        "constraints": {
          "required": true
        }
      },
      {
        "name": "link_type",
        "type": "string",
        "title": "Link Type",
        "description": "A code taken from an enumerated open codelist to indicate what the taxonomy term describes, e.g. the service eligibility or intended audience.",
        "constraints": {
          "required": false
        }
      },
      {
        "name": "link_entity",
        "type": "string",
        "title": "Link Entity",
        "description": "The table of the Link Identifier.",
        "constraints": {
          "required": true
        }
      },
      {
        "name": "value",
        "type": "string",
        "title": "Value",
        "description": "The value (if any) of an attribute.",
        "constraints": {
          "required": false
        }
      }
    ],
    "foreignKeys": [
      {
        "fields": "taxonomy_term_id",
        "reference": {
          "resource": "taxonomy_term",
          "fields": "id"
        }
      }
    ]
  }
];

export type TableName = 'organization' | 'service' | 'location' | 'address' | 'service_at_location' | 'phone' | 'schedule' | 'contact' | 'language'
  | 'accessibility' | 'required_document' | 'cost_option' | 'service_area' | 'taxonomy' | 'taxonomy_term' | 'attribute';

/** The table of each HSDS object, by name. */
export const TABLE: Record<TableName, TableSchema> = Object.fromEntries(HSDS_TABLES.map((t) => [t.name, t])) as Record<TableName, TableSchema>;
