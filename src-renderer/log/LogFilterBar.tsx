import { detectionNames, eventActions, riskLevels } from '../../src-shared/bridge.ts';
import { maxTextChars, timeRanges, type LogFilterForm, type TimeRange } from './log-filter-form.ts';

/** The filter bar: what the user set, suggestions for the text fields, and change reports. */
export interface LogFilterBarProps {
  form: LogFilterForm;
  /** Users and destinations seen in the loaded events, offered as suggestions. */
  knownUsers: readonly string[];
  knownDestinations: readonly string[];
  onChange: (form: LogFilterForm) => void;
}

/** Filters for time, detection, risk, user, destination and action, and a free-text search. */
export function LogFilterBar({ form, knownUsers, knownDestinations, onChange }: LogFilterBarProps) {
  const set = <Field extends keyof LogFilterForm>(field: Field, value: LogFilterForm[Field]) => {
    onChange({ ...form, [field]: value });
  };

  return (
    <form
      className="filters"
      role="search"
      aria-label="Filter the activity log"
      onSubmit={(event) => {
        event.preventDefault();
      }}
    >
      <label>
        Search
        <input
          type="search"
          value={form.search}
          maxLength={maxTextChars}
          placeholder="File, path or message"
          onChange={(event) => {
            set('search', event.target.value);
          }}
        />
      </label>
      <label>
        Time
        <select
          value={form.time}
          onChange={(event) => {
            set('time', event.target.value as TimeRange);
          }}
        >
          {(Object.keys(timeRanges) as TimeRange[]).map((range) => (
            <option key={range} value={range}>
              {timeRanges[range].label}
            </option>
          ))}
        </select>
      </label>
      <Choice
        label="Detection"
        value={form.detection}
        options={detectionNames}
        onChange={(value) => {
          set('detection', value);
        }}
      />
      <Choice
        label="Risk"
        value={form.risk}
        options={riskLevels}
        onChange={(value) => {
          set('risk', value);
        }}
      />
      <Choice
        label="Action"
        value={form.action}
        options={eventActions}
        onChange={(value) => {
          set('action', value);
        }}
      />
      <label>
        User
        <input
          list="known-users"
          value={form.user}
          placeholder="Exact name"
          maxLength={maxTextChars}
          onChange={(event) => {
            set('user', event.target.value);
          }}
        />
        <datalist id="known-users">
          {knownUsers.map((user) => (
            <option key={user} value={user} />
          ))}
        </datalist>
      </label>
      <label>
        Destination
        <input
          list="known-destinations"
          value={form.destination}
          placeholder="Label or id"
          maxLength={maxTextChars}
          onChange={(event) => {
            set('destination', event.target.value);
          }}
        />
        <datalist id="known-destinations">
          {knownDestinations.map((destination) => (
            <option key={destination} value={destination} />
          ))}
        </datalist>
      </label>
    </form>
  );
}

/** A select with "Any" and the given options. */
function Choice<Value extends string>(props: {
  label: string;
  value: Value | '';
  options: readonly Value[];
  onChange: (value: Value | '') => void;
}) {
  return (
    <label>
      {props.label}
      <select
        value={props.value}
        onChange={(event) => {
          props.onChange(event.target.value as Value | '');
        }}
      >
        <option value="">Any</option>
        {props.options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </label>
  );
}
