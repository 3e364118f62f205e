/** Full-area states: loading, not found, no access. */
import { Button, Center, Loader, Stack, Text, Title } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'

export function CenteredLoader() {
  return (
    <Center py={80} data-testid="loading">
      <Loader />
    </Center>
  )
}

function Status({ code, title, body, testId }: { code: string; title: string; body: string; testId: string }) {
  const { t } = useTranslation()
  return (
    <Center py={80} data-testid={testId}>
      <Stack align="center" gap="xs" maw={440} ta="center">
        <Text fz={48} fw={800} c="brand.2">
          {code}
        </Text>
        <Title order={3}>{title}</Title>
        <Text c="dimmed" size="sm">
          {body}
        </Text>
        <Button component={Link} to="/" variant="light" mt="md">
          {t('pages.home')}
        </Button>
      </Stack>
    </Center>
  )
}

export function NotFoundPage() {
  const { t } = useTranslation()
  return <Status code="404" title={t('pages.notFoundTitle')} body={t('pages.notFoundBody')} testId="page-not-found" />
}

export function ForbiddenPage() {
  const { t } = useTranslation()
  return <Status code="403" title={t('pages.forbiddenTitle')} body={t('pages.forbiddenBody')} testId="page-forbidden" />
}
