/** The locations page's Alpine component: add, rename, make default and delete stock locations. */
import { send } from './stock';

export interface LocationRowView {
  id: string;
  code: string;
  name: string;
  isDefault: boolean;
  onHand: number;
  reserved: number;
}

type Row = LocationRowView & { editing: boolean; draft: string; error: string; busy: boolean };

const toRow = (location: LocationRowView): Row => ({ ...location, editing: false, draft: location.name, error: '', busy: false });

/** `Alpine.data('locationsPage', locationsPage)`: seeded with the locations the page rendered. */
export function locationsPage(config: { locations: LocationRowView[]; canWrite: boolean }) {
  return {
    locations: config.locations.map(toRow),
    canWrite: config.canWrite,
    form: { code: '', name: '', isDefault: false },
    formError: '',
    adding: false,
    status: '',

    /** Default first, then by code, as the API lists them. */
    sort() {
      this.locations.sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.code.localeCompare(b.code));
    },

    async add() {
      this.adding = true;
      this.formError = '';
      const result = await send<LocationRowView>('POST', '/vendor/locations', {
        code: this.form.code,
        name: this.form.name,
        isDefault: this.form.isDefault || undefined,
      });
      this.adding = false;
      if (!result.ok) {
        this.formError = result.failure.text;
        return;
      }
      if (result.data.isDefault) for (const row of this.locations) row.isDefault = false;
      this.locations.push(toRow(result.data));
      this.sort();
      this.status = `${result.data.name} added.`;
      this.form = { code: '', name: '', isDefault: false };
    },

    edit(row: Row) {
      row.editing = true;
      row.draft = row.name;
      row.error = '';
    },

    async rename(row: Row) {
      row.busy = true;
      row.error = '';
      const result = await send<LocationRowView>('PATCH', `/vendor/locations/${row.id}`, { name: row.draft });
      row.busy = false;
      if (!result.ok) {
        row.error = result.failure.text;
        return;
      }
      row.name = result.data.name;
      row.editing = false;
      this.status = `Renamed to ${row.name}.`;
    },

    async makeDefault(row: Row) {
      row.busy = true;
      row.error = '';
      const result = await send<LocationRowView>('PATCH', `/vendor/locations/${row.id}`, { isDefault: true });
      row.busy = false;
      if (!result.ok) {
        row.error = result.failure.text;
        return;
      }
      for (const other of this.locations) other.isDefault = other.id === row.id;
      this.sort();
      this.status = `${row.name} is now the default location.`;
    },

    async remove(row: Row) {
      if (!window.confirm(`Delete ${row.name}? Its (empty) stock history goes with it.`)) return;
      row.busy = true;
      row.error = '';
      const result = await send<null>('DELETE', `/vendor/locations/${row.id}`);
      row.busy = false;
      if (!result.ok) {
        row.error = result.failure.text;
        return;
      }
      this.locations = this.locations.filter((l) => l.id !== row.id);
      this.status = `${row.name} deleted.`;
    },
  };
}
