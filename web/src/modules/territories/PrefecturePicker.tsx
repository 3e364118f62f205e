/** 都道府県 picker: the 47 prefectures grouped by region, with a whole-region toggle (JIS code order). */
import { Checkbox, Chip, Group, SimpleGrid, Stack, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { usePrefectureCatalog } from './api.ts'

export function PrefecturePicker({ value, onChange }: { value: string[]; onChange: (value: string[]) => void }) {
  const { t, i18n } = useTranslation('territories')
  const catalog = usePrefectureCatalog()
  const en = i18n.language.startsWith('en')
  if (!catalog.data) return null
  const label = (name: string) => (en ? (catalog.data.prefectures.find((p) => p.name === name)?.nameEn ?? name) : name)
  const selected = new Set(value)
  const toggleRegion = (prefectures: string[], on: boolean) => {
    const next = new Set(value)
    for (const p of prefectures) (on ? next.add(p) : next.delete(p))
    onChange(catalog.data.prefectures.map((p) => p.name).filter((p) => next.has(p)))
  }
  return (
    <Stack gap="xs" data-testid="prefecture-picker">
      <Group justify="space-between">
        <Text size="sm" fw={500}>
          {t('fields.prefectures')}
        </Text>
        <Text size="xs" c="dimmed">
          {value.length === 0 ? t('anyPrefecture') : t('selectedCount', { count: value.length })}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="sm">
        {catalog.data.regions.map((region) => {
          const count = region.prefectures.filter((p) => selected.has(p)).length
          return (
            <Stack key={region.key} gap={6} p="xs" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}>
              <Checkbox
                size="xs"
                label={<Text size="sm" fw={600}>{en ? region.en : region.ja}</Text>}
                checked={count === region.prefectures.length}
                indeterminate={count > 0 && count < region.prefectures.length}
                onChange={(e) => toggleRegion(region.prefectures, e.currentTarget.checked)}
                data-testid={`region-${region.key}`}
              />
              <Chip.Group multiple value={value} onChange={(next) => onChange(catalog.data.prefectures.map((p) => p.name).filter((p) => next.includes(p)))}>
                <Group gap={4}>
                  {region.prefectures.map((p) => (
                    <Chip key={p} value={p} size="xs" variant="light" data-testid={`prefecture-${catalog.data.prefectures.find((x) => x.name === p)?.code}`}>
                      {label(p)}
                    </Chip>
                  ))}
                </Group>
              </Chip.Group>
            </Stack>
          )
        })}
      </SimpleGrid>
    </Stack>
  )
}
