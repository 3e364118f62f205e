/** Territories API: types and hooks. */
import { useQuery } from '@tanstack/react-query'
import { api } from '../../api/client.ts'

export interface TerritoryMember {
  userId: string | null
  userName: string | null
  teamId: string | null
  teamName: string | null
}

export interface Territory {
  id: string
  name: string
  description: string | null
  prefectures: string[]
  industries: string[]
  members: TerritoryMember[]
  accountCount: number
  createdAt: string
  updatedAt: string
}

export interface TerritoryWrite {
  name: string
  description: string | null
  prefectures: string[]
  industries: string[]
  memberUserIds: string[]
  memberTeamIds: string[]
}

export interface PrefectureCatalog {
  prefectures: { code: string; name: string; nameEn: string; region: string }[]
  regions: { key: string; ja: string; en: string; prefectures: string[] }[]
}

export function useTerritories() {
  return useQuery({ queryKey: ['territories'], queryFn: () => api.get<{ data: Territory[] }>('/api/v1/territories'), select: (r) => r.data })
}

export function usePrefectureCatalog() {
  return useQuery({ queryKey: ['territories', 'prefectures'], queryFn: () => api.get<PrefectureCatalog>('/api/v1/territories/prefectures'), staleTime: Infinity })
}
