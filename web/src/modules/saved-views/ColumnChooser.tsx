/** 表示項目: which columns the list shows (fields hidden from the role never appear here). */
import { Button, Checkbox, Popover, ScrollArea, Stack, Text } from '@mantine/core'
import { IconColumns } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'

export function ColumnChooser({ available, selected, onChange }: { available: { key: string; label: string }[]; selected: string[]; onChange: (columns: string[]) => void }) {
  const { t } = useTranslation('savedViews')
  // Keep the page's column order whatever order the boxes were ticked in.
  const toggle = (key: string, on: boolean) => onChange(available.map((c) => c.key).filter((k) => (k === key ? on : selected.includes(k))))
  return (
    <Popover position="bottom-end" withinPortal shadow="md" width={240}>
      <Popover.Target>
        <Button variant="default" leftSection={<IconColumns size={16} />} data-testid="columns-open">
          {t('columns.button')}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Text size="xs" c="dimmed" mb="xs">
          {t('columns.hint')}
        </Text>
        <ScrollArea.Autosize mah={320}>
          <Stack gap={6}>
            {available.map((column) => (
              <Checkbox
                key={column.key}
                label={column.label}
                checked={selected.includes(column.key)}
                onChange={(e) => toggle(column.key, e.currentTarget.checked)}
                data-testid={`column-${column.key}`}
              />
            ))}
          </Stack>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  )
}
