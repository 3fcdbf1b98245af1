import { create } from 'zustand';

/** What the learner has selected on the canvas. UI state, never saved in the document. */
interface SelectionState {
  deviceId: string | null;
  linkId: string | null;
  selectDevice: (deviceId: string | null) => void;
  selectLink: (linkId: string | null) => void;
}

export const useSelectionStore = create<SelectionState>((set) => ({
  deviceId: null,
  linkId: null,
  selectDevice: (deviceId) => set({ deviceId, linkId: null }),
  selectLink: (linkId) => set({ linkId, deviceId: null }),
}));
